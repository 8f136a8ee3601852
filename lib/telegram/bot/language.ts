import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import { saveLocale, telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";
import type { BotMenus } from "./menus";

// /language: the reader's choice, kept on their customer (User.locale, as the app's own switcher
// keeps it), so the bot and the notifications sent later speak it.

export async function showLanguageChoice(ctx: BotContext, menus: BotMenus): Promise<void> {
  await ctx.reply(ctx.t("bot.language.choose"), { reply_markup: menus.language });
}

export async function chooseLanguage(ctx: BotContext, locale: Locale): Promise<void> {
  const customer = await telegramCustomer(chatIdOf(ctx));
  await saveLocale(customer.id, locale);
  ctx.locale = locale;
  ctx.t = translatorFor(locale);
}

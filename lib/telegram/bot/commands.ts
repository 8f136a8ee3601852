import type { Bot } from "grammy";
import { env } from "@/lib/env";
import { LOCALES } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import type { BotContext } from "./context";

// The command list Telegram shows in its "/" menu, in each language (setMyCommands with a
// language_code), and in DEFAULT_LOCALE for everyone else. Published by `npm run bot` at start.

export async function publishCommands(bot: Bot<BotContext>): Promise<void> {
  const { DEFAULT_LOCALE, BOT_PAID_COMMAND } = env();
  for (const locale of [...LOCALES, null]) {
    const t = translatorFor(locale ?? DEFAULT_LOCALE);
    const commands = [
      { command: "start", description: t("bot.commands.start") },
      { command: "balance", description: t("bot.commands.balance") },
      { command: "topup", description: t("bot.commands.topup") },
      { command: BOT_PAID_COMMAND, description: t("bot.commands.paid") },
      { command: "buy", description: t("bot.commands.buy") },
      { command: "plans", description: t("bot.commands.plans") },
      { command: "subscription", description: t("bot.commands.subscription") },
      { command: "language", description: t("bot.commands.language") },
      { command: "help", description: t("bot.commands.help") },
    ];
    await bot.api.setMyCommands(commands, locale ? { language_code: locale } : {});
  }
}

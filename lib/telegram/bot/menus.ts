import { Menu, type MenuFlavor } from "@grammyjs/menu";
import { TOPUP_PRESETS_RUB } from "@/lib/billing/wallet/topup";
import { LOCALES } from "@/lib/i18n/locales";
import { showBalance } from "./balance";
import { showCourse } from "./buy";
import type { BotContext } from "./context";
import { showHelp } from "./help";
import { chooseLanguage, showLanguageChoice } from "./language";
import { showPlan } from "./plans";
import { sendTopUpLink, showTopUpChoice } from "./topup";
import { TOPUP_AMOUNT } from "./topup-amount";

// The bot's inline menus (grammY's menu plugin): labels in the reader's language, handlers that
// do what the matching command does. A press on a menu drawn in another language (or before the
// bot changed) finds it outdated: the user is told, and the menu is drawn again as it is now.

export interface BotMenus {
  /** The main menu, and the one to install (`bot.use(menus.main)`): the others are registered in it. */
  main: Menu<BotContext>;
  /** The amounts: 100 / 300 / 500 / 1000 ₽ and "Another amount". */
  topUp: Menu<BotContext>;
  /** One "Top up" button, under the balance and under "not enough balance". */
  topUpEntry: Menu<BotContext>;
  language: Menu<BotContext>;
}

const outdated = async (ctx: BotContext & MenuFlavor) => {
  await ctx.answerCallbackQuery({ text: ctx.t("bot.menu.outdated") });
  await ctx.menu.update({ immediate: true });
};

export function createMenus(): BotMenus {
  const options = { onMenuOutdated: outdated };
  const menus: BotMenus = {
    main: new Menu<BotContext>("main", options),
    topUp: new Menu<BotContext>("topup", options),
    topUpEntry: new Menu<BotContext>("topup-entry", options),
    language: new Menu<BotContext>("language", options),
  };

  menus.main
    .text(
      (ctx) => ctx.t("bot.menu.balance"),
      (ctx) => showBalance(ctx, menus),
    )
    .text(
      (ctx) => ctx.t("bot.menu.topUp"),
      (ctx) => showTopUpChoice(ctx, menus),
    )
    .row()
    .text(
      (ctx) => ctx.t("bot.menu.buy"),
      (ctx) => showCourse(ctx),
    )
    .text(
      (ctx) => ctx.t("bot.menu.plan"),
      (ctx) => showPlan(ctx),
    )
    .row()
    .text(
      (ctx) => ctx.t("bot.menu.language"),
      (ctx) => showLanguageChoice(ctx, menus),
    )
    .text(
      (ctx) => ctx.t("bot.menu.help"),
      (ctx) => showHelp(ctx),
    );

  TOPUP_PRESETS_RUB.forEach((rubles, index) => {
    if (index > 0 && index % 2 === 0) menus.topUp.row();
    menus.topUp.text(
      (ctx) => ctx.t("bot.topup.preset", { rubles }),
      (ctx) => sendTopUpLink(ctx, rubles),
    );
  });
  menus.topUp.row().text(
    (ctx) => ctx.t("bot.topup.other"),
    (ctx) => ctx.conversation.enter(TOPUP_AMOUNT, ctx.locale),
  );

  menus.topUpEntry.text(
    (ctx) => ctx.t("bot.balance.topUp"),
    (ctx) => showTopUpChoice(ctx, menus),
  );

  for (const locale of LOCALES) {
    menus.language.text(
      (ctx) => ctx.t(`bot.language.${locale}`),
      async (ctx) => {
        await chooseLanguage(ctx, locale);
        ctx.menu.close();
        await ctx.editMessageText(ctx.t("bot.language.saved"));
      },
    );
  }
  // One family: the main menu's middleware answers every one of them, and any handler can send
  // any of them (a menu renders only where its family's middleware has run).
  menus.main.register([menus.topUp, menus.topUpEntry, menus.language]);
  return menus;
}

import { InlineKeyboard } from "grammy";
import { appUrl } from "@/lib/app-url";
import { formatMoney } from "@/lib/billing/pricing";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { startTopUp, TOPUP_MIN_RUB } from "@/lib/billing/wallet/topup";
import { env } from "@/lib/env";
import type { Translator } from "@/lib/i18n/translator";
import { signChatId } from "@/lib/telegram/chat-link";
import { telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";
import type { BotMenus } from "./menus";

// Topping up from the bot: an amount (a preset button, or any whole number through the
// conversation in topup-amount.ts) becomes a YooKassa payment for the chat's customer, opened like
// the balance page's (lib/billing/wallet/topup.ts), and the chat gets its link. When it is paid,
// the notification worker tells the chat "+300 ₽, balance 300 ₽" (lib/jobs/telegram.ts).

export type TopUpLink =
  | { kind: "pay"; url: string; amount: number }
  /** Receipts need an email, which a Telegram-only customer has not given: the site asks for it. */
  | { kind: "page"; url: string }
  | { kind: "unavailable" }
  | { kind: "failed" };

export function topUpBounds() {
  return { min: TOPUP_MIN_RUB, max: env().TOPUP_MAX_RUB };
}

/** A whole number of roubles from what the user typed ("300", "1 000", "500 ₽"); null otherwise. */
export function parseRubles(text: string | undefined): number | null {
  const compact = (text ?? "").replace(/[\s\u00a0\u202f]/g, "").replace(/(₽|руб\.?|rub)$/i, "");
  if (!/^\d{1,12}$/.test(compact)) return null;
  const rubles = Number(compact);
  const { min, max } = topUpBounds();
  return rubles >= min && rubles <= max ? rubles : null;
}

/** Opens (or finds the open) top-up of `rubles` for the chat's customer. */
export async function createTopUpLink(chatId: string, rubles: number): Promise<TopUpLink> {
  const customer = await telegramCustomer(chatId);
  const { YOOKASSA_RECEIPTS, TELEGRAM_LINK_SECRET } = env();
  if (!customer.email && YOOKASSA_RECEIPTS) {
    if (!TELEGRAM_LINK_SECRET) return { kind: "unavailable" };
    const sig = signChatId(chatId, TELEGRAM_LINK_SECRET);
    return { kind: "page", url: appUrl("/pay/topup", { tg_id: chatId, sig }) };
  }
  const result = await startTopUp({
    userId: customer.id,
    email: customer.email,
    rubles,
    // The bot link's own return page: no sign-in, the receipt key opens this one payment.
    returnTo: (orderId) => appUrl("/pay/topup/done", { order_id: orderId, key: receiptKey(orderId) }),
  });
  switch (result.kind) {
    case "redirect":
      return { kind: "pay", url: result.url, amount: rubles * 100 };
    case "failed":
      return { kind: "failed" };
    case "unavailable":
      return { kind: "unavailable" };
  }
}

/** The message that hands the link over. */
export function topUpLinkMessage(
  t: Translator,
  locale: Parameters<typeof formatMoney>[2],
  link: TopUpLink,
): { text: string; reply_markup?: InlineKeyboard } {
  switch (link.kind) {
    case "pay": {
      const amount = formatMoney(link.amount, WALLET_CURRENCY, locale);
      return {
        text: t("bot.topup.link", { amount }),
        reply_markup: new InlineKeyboard().url(t("bot.topup.pay", { amount }), link.url),
      };
    }
    case "page":
      return {
        text: t("bot.topup.page"),
        reply_markup: new InlineKeyboard().url(t("bot.topup.openPage"), link.url),
      };
    case "unavailable":
      return { text: t("bot.topup.unavailable") };
    case "failed":
      return { text: t("bot.topup.failed") };
  }
}

export async function sendTopUpLink(ctx: BotContext, rubles: number): Promise<void> {
  const link = await createTopUpLink(chatIdOf(ctx), rubles);
  const { text, reply_markup } = topUpLinkMessage(ctx.t, ctx.locale, link);
  await ctx.reply(text, { reply_markup });
}

/** The amounts to choose from (the menu is menus.topUp). */
export async function showTopUpChoice(ctx: BotContext, menus: BotMenus): Promise<void> {
  await ctx.reply(ctx.t("bot.topup.choose"), { reply_markup: menus.topUp });
}

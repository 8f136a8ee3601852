import { InlineKeyboard } from "grammy";
import { appUrl } from "@/lib/app-url";
import { findEntitlement, getProductForSale } from "@/lib/billing/products/checkout";
import { formatMoney } from "@/lib/billing/pricing";
import { env } from "@/lib/env";
import { signChatId } from "@/lib/telegram/chat-link";
import { type BotContext, chatIdOf } from "./context";

// /buy: the course, paid through Stripe Checkout from its signed product link
// (/pay/telegram-course?tg_id=…&sig=…, the chat is the buyer); once paid, the fulfilment sends the
// invite link to this chat (lib/billing/products, lib/jobs/telegram.ts).

export const COURSE_SLUG = "telegram-course";

export async function showCourse(ctx: BotContext): Promise<void> {
  const chatId = chatIdOf(ctx);
  const secret = env().TELEGRAM_LINK_SECRET;
  const sale = await getProductForSale(COURSE_SLUG);
  if (!sale?.payable || !secret) {
    await ctx.reply(ctx.t("bot.buy.unavailable"));
    return;
  }
  if (await findEntitlement(sale.product.id, { kind: "telegram", chatId })) {
    await ctx.reply(ctx.t("bot.buy.owned"));
    return;
  }
  const price = formatMoney(sale.price.amount, sale.price.currency, ctx.locale);
  const link = appUrl(`/pay/${COURSE_SLUG}`, { tg_id: chatId, sig: signChatId(chatId, secret) });
  await ctx.reply(ctx.t("bot.buy.text", { title: ctx.t("bot.buy.title"), price }), {
    reply_markup: new InlineKeyboard().url(ctx.t("bot.buy.button", { price }), link),
  });
}

import type { Conversation } from "@grammyjs/conversations";
import { type Context, InlineKeyboard } from "grammy";
import type { Locale } from "@/lib/i18n/locales";
import { translatorFor } from "@/lib/i18n/translator";
import { type BotContext, chatIdOf } from "./context";
import { createTopUpLink, parseRubles, topUpBounds, topUpLinkMessage } from "./topup";

// "Another amount": a conversation (grammY's conversations plugin, its state in BotSession) that
// asks for a whole number of roubles, asks again on anything else, and ends with the payment link
// or with "Cancel". A command or another button meanwhile ends it and is handled as usual, so a
// user is never stuck in the question.

export const TOPUP_AMOUNT = "topup-amount";
/** The Cancel button's callback data (also answered outside the conversation: a stale button). */
export const CANCEL_TOPUP = "topup:cancel";
/** A forgotten question expires; the next update is then handled as if it had never been asked. */
export const TOPUP_AMOUNT_TIMEOUT_MS = 30 * 60_000;

export async function topUpAmount(
  conversation: Conversation<BotContext, Context>,
  // The update that entered it; every message here goes through `say` instead.
  _ctx: Context,
  locale: Locale,
): Promise<void> {
  const t = translatorFor(locale);
  // Sent through the bot's own API (its 429 handling included) from the update being handled,
  // once: an external task is not run again when the conversation is replayed.
  const say = (text: string, reply_markup?: InlineKeyboard) =>
    conversation.external(async (outer) => {
      await outer.reply(text, { reply_markup });
    });
  // Read once and kept in the conversation's log, so a replay asks with the same bounds.
  const bounds = await conversation.external(() => topUpBounds());
  const cancel = new InlineKeyboard().text(t("bot.topup.cancel"), CANCEL_TOPUP);
  await say(t("bot.topup.ask", bounds), cancel);
  for (;;) {
    const answer = await conversation.wait();
    if (answer.callbackQuery?.data === CANCEL_TOPUP) {
      await conversation.external(async (outer) => {
        await outer.answerCallbackQuery();
        await outer.reply(t("bot.topup.cancelled"));
      });
      return;
    }
    const text = answer.message?.text;
    if (answer.callbackQuery || text?.startsWith("/")) {
      // Something else entirely: leave the question and let the bot handle it as usual.
      await conversation.halt({ next: true });
    }
    const rubles = parseRubles(text);
    if (rubles !== null) {
      const link = await conversation.external((outer) => createTopUpLink(chatIdOf(outer), rubles));
      const message = topUpLinkMessage(t, locale, link);
      await say(message.text, message.reply_markup);
      return;
    }
    await say(t("bot.topup.again", bounds), cancel);
  }
}

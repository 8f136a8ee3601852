import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";

// What every handler of the bot gets on its context: the reader's language and a translator over
// the app's catalogs (namespace `bot`), set once per update by locale.ts, and the conversations
// plugin's controls (topup-amount.ts).

export interface LocaleFlavor {
  locale: Locale;
  t: Translator;
}

export type BotContext = ConversationFlavor<Context & LocaleFlavor>;

/** The chat an update belongs to, as the rest of the app keys Telegram customers: a string. */
export function chatIdOf(ctx: Context): string {
  const id = ctx.chatId;
  if (id === undefined) throw new Error("an update without a chat reached a chat handler");
  return String(id);
}

import type { MiddlewareFn } from "grammy";
import { db } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { localeOrDefault, translatorFor } from "@/lib/i18n/translator";
import type { BotContext } from "./context";

// The bot speaks the reader's language: the one they chose (/language, or the linked account's
// choice in the app: User.locale), else their Telegram app's (`language_code`: ru… → Russian,
// anything else → English), else DEFAULT_LOCALE.

export function chooseLocale(saved: string | null | undefined, languageCode: string | undefined): Locale {
  if (isLocale(saved)) return saved;
  if (languageCode) return languageCode.toLowerCase().startsWith("ru") ? "ru" : "en";
  return localeOrDefault(null);
}

/**
 * The language saved for the chat's customer, read only (a first /help creates nobody): the
 * linked account's, else the chat's own Telegram-only customer's, as telegramCustomer() picks them.
 */
export async function savedLocale(chatId: string): Promise<string | null> {
  const users = await db.user.findMany({
    where: { telegramChatId: chatId },
    orderBy: { updatedAt: "desc" },
    select: { email: true, locale: true },
    take: 10,
  });
  return (users.find((user) => user.email !== null) ?? users[0])?.locale ?? null;
}

/**
 * Keeps the chat's Telegram app language (TelegramChat), for the messages the job queue sends it
 * later; one statement, which writes only when the language changed.
 */
async function rememberLanguage(chatId: string, languageCode: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "TelegramChat" ("chatId", "languageCode", "updatedAt")
    VALUES (${chatId}, ${languageCode.slice(0, 35)}, now())
    ON CONFLICT ("chatId") DO UPDATE SET "languageCode" = EXCLUDED."languageCode", "updatedAt" = now()
    WHERE "TelegramChat"."languageCode" IS DISTINCT FROM EXCLUDED."languageCode"`;
}

export const localeMiddleware: MiddlewareFn<BotContext> = async (ctx, next) => {
  const chatId = ctx.chatId === undefined ? null : String(ctx.chatId);
  const languageCode = ctx.from?.language_code;
  const [saved] = await Promise.all([
    chatId === null ? null : savedLocale(chatId),
    chatId !== null && languageCode ? rememberLanguage(chatId, languageCode) : undefined,
  ]);
  ctx.locale = chooseLocale(saved, languageCode);
  ctx.t = translatorFor(ctx.locale);
  await next();
};

import { createHmac, timingSafeEqual } from "node:crypto";

// A bot sends a user to /pay/[product]?tg_id=<chat id>&sig=<hex HMAC-SHA256 of the chat id with
// TELEGRAM_LINK_SECRET>. Only the bot knows the secret, so nobody can buy for (or have us message)
// a chat that is not theirs. Pure functions of (secret, input): the proxy, pages and actions share them.

/** Telegram chat ids: positive for people, negative for groups and channels; at most 52 bits. */
export const CHAT_ID_PATTERN = /^-?[1-9]\d{0,15}$/;

export function signChatId(chatId: string, secret: string): string {
  return createHmac("sha256", secret).update(chatId, "utf8").digest("hex");
}

export type ChatLinkCheck =
  | { ok: true; chatId: string }
  | { ok: false; reason: "missing" | "malformed" | "bad_signature" | "not_configured" };

/** Checks a link's tg_id and sig; the reasons are for the error page, never the expected value. */
export function checkChatLink(
  tgId: string | null | undefined,
  sig: string | null | undefined,
  secret: string | undefined,
): ChatLinkCheck {
  if (!tgId || !sig) return { ok: false, reason: "missing" };
  if (!CHAT_ID_PATTERN.test(tgId) || !/^[0-9a-f]{64}$/i.test(sig)) return { ok: false, reason: "malformed" };
  if (!secret) return { ok: false, reason: "not_configured" };
  const expected = Buffer.from(signChatId(tgId, secret), "hex");
  const given = Buffer.from(sig, "hex");
  return timingSafeEqual(expected, given)
    ? { ok: true, chatId: tgId }
    : { ok: false, reason: "bad_signature" };
}

export const CHAT_LINK_PROBLEM: Record<Exclude<ChatLinkCheck, { ok: true }>["reason"], string> = {
  missing: "This link is incomplete: it needs both the Telegram chat id and its signature.",
  malformed: "This link is damaged: the chat id or the signature is not in the expected form.",
  bad_signature: "This link's signature does not match. Open the link the bot sent you again.",
  not_configured: "Purchases from Telegram are not set up on this site.",
};

import { createHash, randomBytes } from "node:crypto";
import { moveBalances } from "@/lib/billing/wallet/move";
import { db } from "@/lib/db";

// Linking a Telegram chat to a dashboard account, with proof that the chat is the customer's: the
// dashboard issues a one-time token, the "Connect Telegram" button opens t.me/<bot>?start=<token>,
// and Telegram delivers `/start <token>` to the bot from the customer's own chat. Whoever holds
// the token within 15 minutes links the chat they send it from; so only the account's owner (who
// saw the link) can point the bot's messages at a chat, and only at one they write from.

export const LINK_TOKEN_TTL_MS = 15 * 60_000;

/** Telegram's start parameter allows 1–64 of A-Z a-z 0-9 _ -: 32 base64url characters fit. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

const hash = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** A new token for the account (only its hash is stored); the account's expired ones are dropped. */
export async function issueLinkToken(userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db.$transaction([
    db.telegramLinkToken.deleteMany({ where: { userId, expiresAt: { lt: now } } }),
    db.telegramLinkToken.create({
      data: { tokenHash: hash(token), userId, expiresAt: new Date(now.getTime() + LINK_TOKEN_TTL_MS) },
    }),
  ]);
  return token;
}

export type LinkResult =
  { ok: true; userId: string; email: string | null } | { ok: false; reason: "invalid" | "expired" | "used" };

/**
 * Links `chatId` to the token's account, once: the claim is one conditional UPDATE, so of two
 * deliveries of the same token (or two chats racing with it) exactly one links. A chat belongs to
 * one account: any other account that named it stops receiving its messages. The balance of the
 * chat's own Telegram-only customer moves to the account (lib/billing/wallet/move.ts).
 */
export async function redeemLinkToken(token: string, chatId: string, now = new Date()): Promise<LinkResult> {
  if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: "invalid" };
  const tokenHash = hash(token);
  return db.$transaction(async (tx): Promise<LinkResult> => {
    const claimed = await tx.telegramLinkToken.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now, chatId },
    });
    const row = await tx.telegramLinkToken.findUnique({
      where: { tokenHash },
      select: { userId: true, usedAt: true, user: { select: { email: true } } },
    });
    if (claimed.count === 0) return { ok: false, reason: !row ? "invalid" : row.usedAt ? "used" : "expired" };
    const userId = row!.userId;
    await tx.user.updateMany({
      where: { telegramChatId: chatId, email: { not: null }, id: { not: userId } },
      data: { telegramChatId: null },
    });
    await tx.user.update({ where: { id: userId }, data: { telegramChatId: chatId } });
    // The chat now pays as the account: what its own Telegram-only customer had paid in moves along.
    const own = await tx.user.findFirst({
      where: { telegramChatId: chatId, email: null },
      select: { id: true },
    });
    if (own)
      await moveBalances(tx, { fromUserId: own.id, toUserId: userId, key: `telegram-link:${tokenHash}` });
    return { ok: true, userId, email: row!.user.email };
  });
}

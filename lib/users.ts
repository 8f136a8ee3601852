import { db, isUniqueViolation } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { normalizeEmail, type AuthenticatedUser } from "@/lib/auth/credentials";
import { startFreeSubscription } from "@/lib/billing/subscriptions/periods";
import { openWallet } from "@/lib/billing/wallet/ledger";
import type { Role } from "@/lib/generated/prisma/client";
import type { Locale } from "@/lib/i18n/locales";

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
}

/** Creates an account on the free plan. The unique email index, not a prior lookup, decides races. */
export async function createUser(input: {
  email: string;
  password: string;
  name?: string | null;
  role?: Role;
  /** The language the account was created in, kept for its messages and for new devices. */
  locale?: Locale;
}): Promise<AuthenticatedUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: normalizeEmail(input.email),
          name: input.name || null,
          passwordHash,
          role: input.role,
          locale: input.locale,
        },
        select: { id: true, email: true, name: true, role: true, locale: true },
      });
      await startFreeSubscription(tx, user.id);
      await openWallet(tx, user.id);
      return { ...user, email: user.email ?? normalizeEmail(input.email) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new EmailTakenError("An account with this email already exists.");
    }
    throw error;
  }
}

/** The language the user chose, for what is sent while they are not looking (Telegram). */
export async function saveLocale(userId: string, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}

/** Where the account's payment notifications go; null stops them. */
export async function setTelegramChat(userId: string, chatId: string | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { telegramChatId: chatId } });
}

export async function getTelegramChat(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { telegramChatId: true } });
  return user?.telegramChatId ?? null;
}

/**
 * The customer a Telegram chat pays as: the account that linked this chat, else the chat's own
 * Telegram-only customer (no email, no password: it cannot sign in, but has a wallet and a free
 * plan), created on first use, once (a partial unique index on the chat id among such customers
 * decides races).
 */
export async function telegramCustomer(chatId: string): Promise<{ id: string; email: string | null }> {
  const linked = await db.user.findFirst({
    where: { telegramChatId: chatId, email: { not: null } },
    orderBy: { updatedAt: "desc" },
    select: { id: true, email: true },
  });
  if (linked) return linked;
  const own = () =>
    db.user.findFirst({ where: { telegramChatId: chatId, email: null }, select: { id: true, email: true } });
  const existing = await own();
  if (existing) return existing;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { telegramChatId: chatId, name: `Telegram ${chatId}` },
        select: { id: true, email: true },
      });
      await startFreeSubscription(tx, user.id);
      await openWallet(tx, user.id);
      return user;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return (await own())!;
  }
}

import { appUrl } from "@/lib/app-url";
import { getQuota, type Quota } from "@/lib/billing/subscriptions/usage";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { normalizeEmail } from "@/lib/auth/credentials";
import { db, isUniqueViolation } from "@/lib/db";
import { env } from "@/lib/env";
import { signChatId } from "@/lib/telegram/chat-link";
import { telegramCustomer } from "@/lib/users";
import { startFreeSubscription } from "@/lib/billing/subscriptions/periods";
import { openWallet } from "@/lib/billing/wallet/ledger";

// The customers the product's backend names in /api/v1: by our id, by email, or by Telegram chat
// id; and what it is told about one (balance, free operations, quota).

export type CustomerRef = { id: string } | { email: string } | { telegramId: string };

export interface CustomerSummary {
  id: string;
  email: string | null;
  telegramId: string | null;
  balance: { amount: number; currency: string };
  freeOperationsLeft: number;
  quota: Quota | null;
}

/** The customer a reference names, or null; never creates one. */
export async function findCustomer(
  ref: CustomerRef,
): Promise<{ id: string; email: string | null; telegramChatId: string | null } | null> {
  const select = { id: true, email: true, telegramChatId: true } as const;
  if ("id" in ref) return db.user.findUnique({ where: { id: ref.id }, select });
  if ("email" in ref) return db.user.findUnique({ where: { email: normalizeEmail(ref.email) }, select });
  // A chat linked to an account pays as that account, as on the bot's top-up link.
  return db.user.findFirst({
    where: { telegramChatId: ref.telegramId },
    orderBy: [{ email: { sort: "asc", nulls: "last" } }, { updatedAt: "desc" }],
    select,
  });
}

/**
 * Gets or creates the customer: a Telegram user gets the chat's Telegram-only customer; an email
 * unknown so far gets an account without a password (it cannot sign in; an admin can see it).
 */
export async function getOrCreateCustomer(
  ref: { email: string } | { telegramId: string },
): Promise<{ id: string; created: boolean }> {
  const existing = await findCustomer(ref);
  if (existing) return { id: existing.id, created: false };
  if ("telegramId" in ref) return { id: (await telegramCustomer(ref.telegramId)).id, created: true };
  try {
    const id = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: normalizeEmail(ref.email) }, select: { id: true } });
      await startFreeSubscription(tx, user.id);
      await openWallet(tx, user.id);
      return user.id;
    });
    return { id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { id: (await findCustomer(ref))!.id, created: false };
  }
}

export async function customerSummary(userId: string): Promise<CustomerSummary | null> {
  const [user, quota] = await Promise.all([
    db.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        telegramChatId: true,
        wallets: {
          where: { currency: WALLET_CURRENCY },
          select: { balance: true, freeOperationsLeft: true },
        },
      },
    }),
    getQuota(userId),
  ]);
  if (!user) return null;
  const wallet = user.wallets[0];
  return {
    id: user.id,
    email: user.email,
    telegramId: user.telegramChatId,
    balance: { amount: wallet?.balance ?? 0, currency: WALLET_CURRENCY },
    freeOperationsLeft: wallet?.freeOperationsLeft ?? 0,
    quota,
  };
}

/** Where a customer tops up: the bot's signed link for a Telegram-only customer, else the balance page. */
export function topUpUrl(customer: { email: string | null; telegramChatId: string | null }): string {
  const secret = env().TELEGRAM_LINK_SECRET;
  if (!customer.email && customer.telegramChatId && secret) {
    return appUrl("/pay/topup", {
      tg_id: customer.telegramChatId,
      sig: signChatId(customer.telegramChatId, secret),
    });
  }
  return appUrl("/dashboard/balance");
}

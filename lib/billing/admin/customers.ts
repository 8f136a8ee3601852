import { normalizeEmail } from "@/lib/auth/credentials";
import { likePrefix } from "@/lib/billing/admin/like-prefix";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { getWalletPage } from "@/lib/billing/wallet/queries";
import { db } from "@/lib/db";
import { isRecordId } from "@/lib/record-id";
import { Prisma, type PaymentStatus, type Role } from "@/lib/generated/prisma/client";

// Reads for the admin's customer pages. The caller has already checked the admin role. Only the
// fields listed here leave the database (never the password hash), and every per-customer read
// is scoped to that customer's id in the query itself.

export const CUSTOMER_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;

export interface LastPayment {
  orderId: string;
  createdAt: Date;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

export interface CustomerRow {
  id: string;
  /** Null for a Telegram-only customer (a bot's user, with a wallet but no sign-in). */
  email: string | null;
  name: string | null;
  role: Role;
  createdAt: Date;
  plan: { slug: string; name: string } | null;
  currentPeriodEnd: Date | null;
  /** The plan of the paid time after the current plan's; it starts at `currentPeriodEnd`. */
  scheduledPlan: { name: string } | null;
  telegramLinked: boolean;
  lastPayment: LastPayment | null;
  /** The rouble wallet's balance, minor units; null when the customer has no wallet yet. */
  balance: number | null;
  /** As `balance`: the wallet's free operations, null until the wallet exists. */
  freeOperations: null;
}

export interface CustomerPage {
  rows: CustomerRow[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** The account's own fields, shown in the list and on the customer's page alike. */
const accountFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  telegramChatId: true,
} satisfies Prisma.UserSelect;

const customerSelect = {
  ...accountFields,
  subscription: {
    select: {
      currentPeriodEnd: true,
      plan: { select: { slug: true, name: true } },
      scheduledPlan: { select: { name: true } },
    },
  },
} satisfies Prisma.UserSelect;

/**
 * Accounts, newest first, 25 a page. `q` matches the start of an email (emails are stored
 * lower-cased, so the match is case-insensitive and uses the email's pattern index) or a user id
 * exactly. Keyset pagination on (createdAt desc, id desc): `cursor` names the last row shown, so
 * accounts registering meanwhile never shift rows between pages. A bad cursor → first page.
 */
export async function searchCustomers(
  options: { q?: string; cursor?: string; size?: number } = {},
): Promise<CustomerPage> {
  const size = Math.min(Math.max(Math.trunc(options.size ?? CUSTOMER_PAGE_SIZE), 1), MAX_PAGE_SIZE);
  const q = options.q?.trim();
  const after = decodeCursor(options.cursor);
  // SQL rather than Prisma's `startsWith`, which passes LIKE's wildcards through: "a_b" would
  // also find "axb@…".
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u
    WHERE ${q ? Prisma.sql`(lower(u.email) LIKE lower(${likePrefix(normalizeEmail(q))}) OR u.id = ${q})` : Prisma.sql`TRUE`}
      AND ${after ? Prisma.sql`(u."createdAt", u.id) < (${after.createdAt}, ${after.id})` : Prisma.sql`TRUE`}
    ORDER BY u."createdAt" DESC, u.id DESC
    LIMIT ${size + 1}`;
  const pageIds = ids.slice(0, size).map((row) => row.id);
  const [users, lastPayments, wallets] = await Promise.all([
    db.user.findMany({ where: { id: { in: pageIds } }, select: customerSelect }),
    lastPaymentsOf(pageIds),
    db.wallet.findMany({
      where: { userId: { in: pageIds }, currency: WALLET_CURRENCY },
      select: { userId: true, balance: true },
    }),
  ]);
  const balances = new Map(wallets.map((wallet) => [wallet.userId, wallet.balance]));
  const byId = new Map(users.map((user) => [user.id, user]));
  const page = pageIds.flatMap((id) => byId.get(id) ?? []);
  const last = page.at(-1);
  return {
    rows: page.map((user) => toRow(user, lastPayments.get(user.id) ?? null, balances.get(user.id) ?? null)),
    nextCursor: ids.length > size && last ? encodeCursor(last) : null,
  };
}

function toRow(
  user: Prisma.UserGetPayload<{ select: typeof customerSelect }>,
  lastPayment: LastPayment | null,
  balance: number | null,
) {
  const subscription = user.subscription;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt,
    plan: subscription?.plan ?? null,
    currentPeriodEnd: subscription?.currentPeriodEnd ?? null,
    scheduledPlan: subscription?.scheduledPlan ? { name: subscription.scheduledPlan.name } : null,
    telegramLinked: user.telegramChatId !== null,
    lastPayment,
    balance,
    freeOperations: null,
  } satisfies CustomerRow;
}

/** Each user's newest payment: one index probe per user on (userId, createdAt desc, id desc). */
async function lastPaymentsOf(userIds: string[]): Promise<Map<string, LastPayment>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.$queryRaw<(LastPayment & { userId: string })[]>`
    SELECT u.id AS "userId", last."orderId", last."createdAt", last.amount, last.currency, last.status
    FROM unnest(${userIds}::text[]) AS u(id)
    CROSS JOIN LATERAL (
      SELECT p."orderId", p."createdAt", p.amount, p.currency, p.status::text AS status
      FROM "Payment" p
      WHERE p."userId" = u.id
      ORDER BY p."createdAt" DESC, p.id DESC
      LIMIT 1
    ) last`;
  return new Map(rows.map(({ userId, ...payment }) => [userId, payment]));
}

/**
 * One account with its subscription, entitlements and payment summary; null when none. A read
 * only: a period that has ended is reported as such (`periodEnded`), not rolled over here.
 */
export async function getCustomerDetail(id: string, now = new Date()) {
  if (!isRecordId(id)) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: {
      ...accountFields,
      subscription: {
        select: {
          status: true,
          currentPeriodStart: true,
          currentPeriodEnd: true,
          cancelAtPeriodEnd: true,
          requestsUsed: true,
          requestsLimit: true,
          plan: { select: { slug: true, name: true } },
          scheduledPlan: { select: { slug: true, name: true } },
          events: {
            orderBy: [{ at: "desc" }, { createdAt: "desc" }],
            take: 30,
            select: { id: true, kind: true, at: true, note: true, reason: true, actorId: true },
          },
        },
      },
      entitlements: {
        orderBy: [{ grantedAt: "desc" }, { id: "desc" }],
        select: {
          id: true,
          grantedAt: true,
          revokedAt: true,
          product: { select: { slug: true, name: true } },
          payment: { select: { orderId: true, amount: true, currency: true } },
        },
      },
    },
  });
  if (!user) return null;
  const actorIds = [...new Set(user.subscription?.events.map((event) => event.actorId) ?? [])];
  const [lastPayments, paymentCount, actors, plans, wallet] = await Promise.all([
    lastPaymentsOf([user.id]),
    db.payment.count({ where: { userId: user.id } }),
    db.user.findMany({
      where: { id: { in: actorIds.filter((actor): actor is string => actor !== null) } },
      select: { id: true, email: true },
    }),
    db.plan.findMany({
      where: { active: true },
      orderBy: { sortOrder: "asc" },
      select: { slug: true, name: true },
    }),
    getWalletPage(user.id),
  ]);
  const actorEmail = new Map(actors.map((actor) => [actor.id, actor.email]));
  const { telegramChatId, subscription, ...account } = user;
  return {
    ...account,
    subscription: subscription
      ? {
          ...subscription,
          periodEnded: subscription.currentPeriodEnd !== null && subscription.currentPeriodEnd <= now,
          events: subscription.events.map(({ actorId, ...event }) => ({
            ...event,
            /** Who made the change: an admin (by email), one deleted since, or the system (null). */
            actor: actorId
              ? actorEmail.has(actorId)
                ? { email: actorEmail.get(actorId) ?? null }
                : ("deleted" as const)
              : null,
          })),
        }
      : null,
    plans,
    telegramLinked: telegramChatId !== null,
    lastPayment: lastPayments.get(user.id) ?? null,
    paymentCount,
    /** The admin payments table, filtered to this customer's payments (exactly: not by email prefix). */
    paymentsHref: `/admin/payments?${new URLSearchParams({ customer: user.id }).toString()}`,
    wallet,
    freeOperations: null,
  };
}

export type CustomerDetail = NonNullable<Awaited<ReturnType<typeof getCustomerDetail>>>;

/** A customer's email for a filter label; null when the id names no account. */
export async function customerEmail(id: string): Promise<string | null> {
  if (!isRecordId(id)) return null;
  const user = await db.user.findUnique({ where: { id }, select: { email: true } });
  return user?.email ?? null;
}

import { db } from "@/lib/db";
import { getPlans } from "@/lib/billing/catalog";
import { reconcileIfLate } from "@/lib/billing/reconcile";
import { settleSubscription } from "@/lib/billing/subscriptions";

// Reads for pages. Pages never query Prisma themselves; each read they need lives here, and every
// read of a customer's data is scoped to that customer in the query itself.

/** The signed-in customer's plan, period and quota, after any period roll-over is applied. */
export async function getAccountOverview(userId: string) {
  await reconcileOpenPayments(userId);
  await settleSubscription(userId);
  return db.subscription.findUnique({
    where: { userId },
    include: { plan: true, scheduledPlan: true },
  });
}

/**
 * A postback can be lost, or rejected while we were down, and CryptoCloud does not retry. Until
 * the periodic sweep exists, the customer's own pages ask the provider about their recent open
 * payments (each at most once per interval, lib/billing/reconcile.ts), so a paid plan shows up.
 */
async function reconcileOpenPayments(userId: string): Promise<void> {
  const open = await db.payment.findMany({
    where: {
      userId,
      status: { in: ["pending", "partially_paid"] },
      providerRef: { not: null },
      createdAt: { gt: new Date(Date.now() - 2 * 24 * 60 * 60 * 1000) },
    },
    orderBy: { createdAt: "desc" },
    take: 3,
    select: { id: true, status: true, updatedAt: true },
  });
  for (const payment of open) await reconcileIfLate(payment, 30);
}

/** Everything the plans page shows: the catalog and where the customer stands. */
export async function getPlansPage(userId: string) {
  const [plans, subscription] = await Promise.all([getPlans(), getAccountOverview(userId)]);
  return { plans, subscription };
}

const paymentView = {
  include: { plan: { select: { name: true, slug: true } }, product: { select: { name: true, slug: true } } },
} as const;

/** One payment of this customer by order id; null for anyone else's (the page answers 404). */
export function getCustomerPayment(userId: string, orderId: string) {
  return db.payment.findFirst({ where: { orderId, userId }, ...paymentView });
}

/** The customer's most recent payment (a provider may return without our order id). */
export function getLatestCustomerPayment(userId: string) {
  return db.payment.findFirst({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...paymentView,
  });
}

export const CUSTOMER_PAGE_SIZE = 20;

/**
 * The customer's payments, newest first, a page at a time. Keyset pagination on (createdAt, id):
 * `before` is the last row of the previous page, so a payment created meanwhile never shifts rows
 * between pages.
 */
export async function listCustomerPayments(userId: string, before?: { createdAt: Date; id: string }) {
  const rows = await db.payment.findMany({
    where: {
      userId,
      ...(before
        ? {
            OR: [
              { createdAt: { lt: before.createdAt } },
              { createdAt: before.createdAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: CUSTOMER_PAGE_SIZE + 1,
    ...paymentView,
  });
  const hasMore = rows.length > CUSTOMER_PAGE_SIZE;
  return { payments: rows.slice(0, CUSTOMER_PAGE_SIZE), hasMore };
}

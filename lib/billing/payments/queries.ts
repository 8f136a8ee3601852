import { db } from "@/lib/db";

// A customer's payments, for their pages. Every read is scoped to that customer in the query
// itself, so a page can never show someone else's payment.

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

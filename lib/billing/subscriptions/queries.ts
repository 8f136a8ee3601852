import { db } from "@/lib/db";
import { getPlans } from "@/lib/billing/catalog";
import { reconcileIfLate } from "@/lib/billing/payments/reconcile";
import { settleSubscription } from "@/lib/billing/subscriptions/periods";

// The reads behind the dashboard and plans page: where the signed-in customer stands.

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

import { db } from "@/lib/db";
import { getPlans } from "@/lib/billing/catalog";
import { settleSubscription } from "@/lib/billing/subscriptions/periods";

// The reads behind the dashboard and plans page: where the signed-in customer stands. They never
// ask a provider: late or lost notifications are caught up by the reconcile sweep
// (lib/jobs/sweeps.ts) and by the payment pages' bounded check, never during a render.

/** The signed-in customer's plan, period and quota, after any period roll-over is applied. */
export async function getAccountOverview(userId: string) {
  await settleSubscription(userId);
  return db.subscription.findUnique({
    where: { userId },
    include: { plan: true, scheduledPlan: true },
  });
}

/** Everything the plans page shows: the catalog and where the customer stands. */
export async function getPlansPage(userId: string) {
  const [plans, subscription] = await Promise.all([getPlans(), getAccountOverview(userId)]);
  return { plans, subscription };
}

import { FREE_PLAN_SLUG, getPlans } from "@/lib/billing/catalog";
import { settle, type Plans } from "@/lib/billing/subscriptions/rules";
import { db } from "@/lib/db";

// The reads behind the dashboard and plans page: where the signed-in customer stands. They only
// read: late or lost notifications are caught up by the reconcile sweep and the payment pages'
// bounded check, and a period that ended is rolled over by the subscription sweep
// (lib/jobs/sweeps.ts); until that has run, the read applies the same rules in memory, so the
// page shows what is true now without writing it.

/** The signed-in customer's plan, period and quota as they stand at `now`. */
export async function getAccountOverview(userId: string, now = new Date()) {
  const [subscription, plans] = await Promise.all([
    db.subscription.findUnique({ where: { userId } }),
    db.plan.findMany(),
  ]);
  if (!subscription) return null;
  const byId = (id: string) => {
    const plan = plans.find((candidate) => candidate.id === id);
    if (!plan) throw new Error(`plan ${id} is missing from the catalog`);
    return plan;
  };
  const free = plans.find((plan) => plan.slug === FREE_PLAN_SLUG);
  if (!free) throw new Error("the free plan is missing from the catalog");
  const book: Plans = { free, byId };
  const state = settle(subscription, book, now);
  return {
    ...subscription,
    ...state,
    plan: byId(state.planId),
    scheduledPlan: state.scheduledPlanId ? byId(state.scheduledPlanId) : null,
  };
}

/** Everything the plans page shows: the catalog and where the customer stands. */
export async function getPlansPage(userId: string) {
  const [plans, subscription] = await Promise.all([getPlans(), getAccountOverview(userId)]);
  return { plans, subscription };
}

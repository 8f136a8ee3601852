import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import {
  freeSubscription,
  settle,
  type Plans,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { db, type Tx } from "@/lib/db";

// The subscription row's commands outside the apply path (account creation, the roll-over when a
// page is read, switching to Free), each under the row's lock; the rules are in rules.ts.

const STATE_FIELDS = {
  planId: true,
  status: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  scheduledPlanId: true,
  scheduledMonths: true,
  requestsLimit: true,
  requestsUsed: true,
  usageResetsAt: true,
} as const;

/** Every account starts on the free plan, which never expires. */
export async function startFreeSubscription(tx: Tx, userId: string, now = new Date()) {
  const free = await tx.plan.findUniqueOrThrow({ where: { slug: FREE_PLAN_SLUG } });
  return tx.subscription.create({ data: { userId, ...freeSubscription(free, now) } });
}

/** All plans, for a decision that may need any of them (a handful of rows). */
export async function loadPlans(tx: Tx): Promise<Plans> {
  const rows = await tx.plan.findMany({
    select: { id: true, name: true, slug: true, sortOrder: true, monthlyQuota: true },
  });
  const free = rows.find((plan) => plan.slug === FREE_PLAN_SLUG);
  if (!free) throw new Error("the free plan is missing from the catalog");
  const byId = new Map(rows.map((plan) => [plan.id, plan]));
  return {
    free,
    byId(id) {
      const plan = byId.get(id);
      if (!plan) throw new Error(`plan ${id} is missing from the catalog`);
      return plan;
    },
  };
}

/** Locks the user's subscription row for the rest of the transaction and settles it. */
async function lockSettled(
  tx: Tx,
  userId: string,
  now: Date,
): Promise<{ id: string; state: SubscriptionState }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Subscription" WHERE "userId" = ${userId} FOR NO KEY UPDATE`;
  if (locked.length === 0) await startFreeSubscription(tx, userId, now);
  const sub = await tx.subscription.findUniqueOrThrow({
    where: { userId },
    select: { id: true, ...STATE_FIELDS },
  });
  const { id, ...state } = sub;
  const settledState = settle(state, await loadPlans(tx), now);
  if (!sameState(state, settledState)) await tx.subscription.update({ where: { id }, data: settledState });
  return { id, state: settledState };
}

/** Brings a subscription up to date (period roll-over, monthly usage); pages call this first. */
export async function settleSubscription(userId: string, now = new Date()): Promise<void> {
  const sub = await db.subscription.findUnique({
    where: { userId },
    select: { currentPeriodEnd: true, usageResetsAt: true },
  });
  if (!sub) return;
  const periodOver = sub.currentPeriodEnd !== null && sub.currentPeriodEnd <= now;
  if (!periodOver && sub.usageResetsAt > now) return;
  await db.$transaction((tx) => lockSettled(tx, userId, now));
}

/** Choosing the free plan switches at once: no invoice, the paid period ends now. */
export async function switchToFreePlan(userId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const { id, state } = await lockSettled(tx, userId, now);
    const plans = await loadPlans(tx);
    if (state.planId === plans.free.id && !state.scheduledPlanId) return;
    await tx.subscription.update({ where: { id }, data: freeSubscription(plans.free, now) });
  });
}

export function sameState(a: SubscriptionState, b: SubscriptionState): boolean {
  return (Object.keys(STATE_FIELDS) as (keyof SubscriptionState)[]).every((key) => {
    const x = a[key];
    const y = b[key];
    return x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y;
  });
}

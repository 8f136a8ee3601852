import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import {
  cancel,
  freeSubscription,
  resume,
  rollOver,
  type PlanFacts,
  type Plans,
  type SubscriptionChange,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import {
  paidPeriodsJson,
  readSubscriptionState,
  subscriptionData,
  subscriptionEventData,
  SUBSCRIPTION_STATE_FIELDS,
} from "@/lib/billing/subscriptions/stored";
import { queueEndedNotice } from "@/lib/billing/subscriptions/reminders";
import { db, type Tx } from "@/lib/db";

// The subscription row's commands outside the apply path (account creation, the roll-over by the
// sweep, cancel and resume), each under the row's lock, each change recorded as a
// SubscriptionEvent in the same transaction; the rules are in rules.ts.

/** Every account starts on the free plan, which never expires. */
export async function startFreeSubscription(tx: Tx, userId: string, now = new Date()) {
  const free = await tx.plan.findUniqueOrThrow({ where: { slug: FREE_PLAN_SLUG } });
  const state = freeSubscription({ ...free, monthlyPrices: {} }, now);
  return tx.subscription.create({ data: { userId, ...subscriptionData(state) } });
}

/** Every plan with its monthly prices, for a decision that may need any of them (a handful of rows). */
export async function loadPlans(client: Pick<Tx, "plan"> = db): Promise<Plans> {
  const rows = await client.plan.findMany({
    select: {
      id: true,
      name: true,
      slug: true,
      sortOrder: true,
      monthlyQuota: true,
      prices: { where: { months: 1 }, select: { currency: true, amount: true } },
    },
  });
  return planBook(
    rows.map(({ prices, ...plan }) => ({
      ...plan,
      monthlyPrices: Object.fromEntries(prices.map((price) => [price.currency, price.amount])),
    })),
  );
}

export function planBook(rows: PlanFacts[]): Plans {
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

/**
 * Locks the user's subscription row for the rest of the transaction and settles it: period ends
 * and usage resets that are due are written, with an event for each roll-over.
 */
export async function lockSettled(
  tx: Tx,
  userId: string,
  now: Date,
): Promise<{ id: string; state: SubscriptionState; plans: Plans }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Subscription" WHERE "userId" = ${userId} FOR NO KEY UPDATE`;
  if (locked.length === 0) await startFreeSubscription(tx, userId, now);
  const row = await tx.subscription.findUniqueOrThrow({
    where: { userId },
    select: { id: true, ...SUBSCRIPTION_STATE_FIELDS },
  });
  const plans = await loadPlans(tx);
  const state = readSubscriptionState(row);
  const settled = rollOver(state, plans, now);
  if (!sameState(state, settled.state)) await save(tx, row.id, settled.state, settled.changes);
  for (const change of settled.changes.filter((c) => c.kind === "ended")) {
    await queueEndedNotice(
      tx,
      { id: row.id, userId },
      { plan: plans.byId(change.fromPlanId).name, freePlan: plans.free.name, at: change.at },
    );
  }
  return { id: row.id, state: settled.state, plans };
}

export async function save(
  tx: Tx,
  id: string,
  state: SubscriptionState,
  changes: SubscriptionChange[],
  context: { actorId?: string | null; reason?: string | null; paymentId?: string | null } = {},
) {
  await tx.subscription.update({ where: { id }, data: subscriptionData(state) });
  if (changes.length > 0) {
    await tx.subscriptionEvent.createMany({
      data: changes.map((change) => ({ subscriptionId: id, ...subscriptionEventData(change, context) })),
    });
  }
}

/** Brings a subscription up to date (period roll-over, monthly usage); the subscription sweep calls it. */
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

/** Why cancelling or resuming changed nothing: a code, said in words by the page. */
export type NothingToDo = "already_cancelled" | "nothing_to_cancel" | "not_cancelled";

export type CancelResult =
  { kind: "done"; endsAt: Date | null } | { kind: "nothing-to-do"; reason: NothingToDo };

/**
 * The customer cancels: the subscription ends with its paid time, which stays theirs (nothing is
 * refunded or forfeited); or resumes before then.
 */
export async function setCancellation(
  userId: string,
  cancelled: boolean,
  now = new Date(),
): Promise<CancelResult> {
  return db.$transaction(async (tx) => {
    const { id, state, plans } = await lockSettled(tx, userId, now);
    const change = (cancelled ? cancel : resume)(state, plans, now);
    if (!change) {
      const reason = cancelled
        ? state.cancelAtPeriodEnd
          ? "already_cancelled"
          : "nothing_to_cancel"
        : "not_cancelled";
      return { kind: "nothing-to-do", reason };
    }
    await save(tx, id, { ...state, cancelAtPeriodEnd: cancelled }, [change]);
    return { kind: "done", endsAt: change.toPeriodEnd };
  });
}

export function sameState(a: SubscriptionState, b: SubscriptionState): boolean {
  return (Object.keys(SUBSCRIPTION_STATE_FIELDS) as (keyof SubscriptionState)[]).every((key) => {
    const x = a[key];
    const y = b[key];
    if (key === "paidPeriods")
      return (
        JSON.stringify(paidPeriodsJson(a.paidPeriods)) === JSON.stringify(paidPeriodsJson(b.paidPeriods))
      );
    return x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y;
  });
}

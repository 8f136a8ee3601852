import { addMonths } from "@/lib/billing/calendar";
import {
  DAY_MS,
  durationFor,
  livePeriods,
  paidUntil,
  periodValueLeft,
  shifted,
  unusedValue,
  type PaidPeriod,
} from "@/lib/billing/subscriptions/value";
import type { SubscriptionStatus } from "@/lib/generated/prisma/client";

// The subscription rules as pure functions of (subscription, plans, now), so the apply path can
// decide in TypeScript between one locking read and one writing statement, and the rules can be
// tested without a database (tests/unit/subscription-rules.test.ts, and the property test in
// tests/unit/subscription-value.property.test.ts). Value is conserved (value.ts):
// - renewal (the plan the customer is on): a period appended at the end of that plan's paid time;
//   any later, scheduled time moves back by as much;
// - upgrade (a higher plan, or any plan from free): starts when the payment completes; the unused
//   value of all paid time becomes extra time on the new plan at its daily price in that value's
//   currency, after the months paid for;
// - downgrade (a lower plan while paid time runs): appended after all paid time;
// - cancel: no more paid time is added by itself anyway (every period is prepaid), so cancelling
//   marks the subscription to end with its paid time, and stops the renewal reminders; resume, or
//   any payment, undoes it. Nothing paid is lost;
// - a refund that ends the time it bought removes the refunded value from the paid time (the
//   refunded payment's own period first, then the latest time paid in that currency);
// - the plan at any moment is the plan of the paid period covering it, or free; a period that
//   ends rolls over to the next one or to free; the request quota is monthly (also on 12-month
//   plans) and resets on every plan change.

export interface PlanFacts {
  id: string;
  name: string;
  slug: string;
  sortOrder: number;
  monthlyQuota: number;
  /** The 1-month price per currency, minor units: what a day of the plan is worth (÷ 30). */
  monthlyPrices: Record<string, number>;
}

export interface SubscriptionState {
  planId: string;
  status: SubscriptionStatus;
  /** When the current plan's run started (a purchase, an upgrade, a roll-over). */
  currentPeriodStart: Date;
  /** The end of the current plan's paid time; null on free, which never ends. */
  currentPeriodEnd: Date | null;
  /** The plan of the paid time after the current plan's, if any (a scheduled downgrade). */
  scheduledPlanId: string | null;
  /** The customer cancelled: the subscription ends with its paid time (resumable until then). */
  cancelAtPeriodEnd: boolean;
  /** Paid time not yet over, in time order and back to back; the first covers now. */
  paidPeriods: PaidPeriod[];
  requestsLimit: number;
  requestsUsed: number;
  usageResetsAt: Date;
}

/** The plans a decision may need: the free plan, and any other by id. */
export interface Plans {
  free: PlanFacts;
  byId(id: string): PlanFacts;
}

export type SubscriptionChangeKind =
  | "purchased"
  | "renewed"
  | "upgraded"
  | "downgrade_scheduled"
  | "canceled"
  | "resumed"
  | "rolled_over"
  | "ended"
  | "refund_time_removed"
  | "plan_changed"
  | "extended"
  | "ended_now"
  | "value_applied";

/** What a change did, for the subscription's timeline (SubscriptionEvent). */
export interface SubscriptionChange {
  kind: SubscriptionChangeKind;
  at: Date;
  fromPlanId: string;
  toPlanId: string;
  fromPeriodEnd: Date | null;
  toPeriodEnd: Date | null;
  /** Value moved by the change, per currency, minor units: converted into time, or removed (negative). */
  value: { currency: string; amount: number }[];
  note: string;
}

export interface PaymentFacts {
  id: string;
  amount: number;
  currency: string;
}

/** A new account's subscription: the free plan, which never expires. */
export function freeSubscription(free: PlanFacts, now: Date): SubscriptionState {
  return {
    planId: free.id,
    status: "active",
    currentPeriodStart: now,
    currentPeriodEnd: null,
    scheduledPlanId: null,
    cancelAtPeriodEnd: false,
    paidPeriods: [],
    requestsLimit: free.monthlyQuota,
    requestsUsed: 0,
    usageResetsAt: addMonths(now, 1),
  };
}

/** Period ends and monthly usage resets that have come due by `now`, applied. */
export function settle(sub: SubscriptionState, plans: Plans, now: Date): SubscriptionState {
  return rollOver(sub, plans, now).state;
}

/** As settle(), with what happened on the way (each roll-over and the end of paid time). */
export function rollOver(
  sub: SubscriptionState,
  plans: Plans,
  now: Date,
): { state: SubscriptionState; changes: SubscriptionChange[] } {
  let state = sub;
  const changes: SubscriptionChange[] = [];
  while (state.currentPeriodEnd && state.currentPeriodEnd <= now) {
    const end = state.currentPeriodEnd;
    const next = withPeriods(state, livePeriods(state.paidPeriods, end), plans, end);
    changes.push({
      kind: next.planId === plans.free.id ? "ended" : "rolled_over",
      at: end,
      fromPlanId: state.planId,
      toPlanId: next.planId,
      fromPeriodEnd: end,
      toPeriodEnd: next.currentPeriodEnd,
      value: [],
      note:
        next.planId === plans.free.id
          ? `${plans.byId(state.planId).name} ended; back to ${plans.free.name}`
          : `${plans.byId(state.planId).name} ended; ${plans.byId(next.planId).name} until ${iso(next.currentPeriodEnd)}`,
    });
    state = next;
  }
  if (state.usageResetsAt <= now) {
    let next = state.usageResetsAt;
    while (next <= now) next = addMonths(next, 1);
    state = { ...state, requestsUsed: 0, usageResetsAt: next };
  }
  return { state, changes };
}

/** Why a purchase cannot be applied, as a code and its values, for a page to say in words. */
export type PurchaseRefusal =
  | { code: "free_not_sold" }
  /** `plan` has no price in `currency`, the currency of unused paid time it would have to take over. */
  | { code: "no_price_for_unused_value"; plan: string; currency: string };

/** A purchase that cannot be applied: `reason` for the payment's record (English), `refusal` for people. */
export type Unapplicable = { kind: "unapplicable"; reason: string; refusal: PurchaseRefusal };

export type PurchaseResult =
  | { kind: "applied"; state: SubscriptionState; change: SubscriptionChange }
  /** The payment cannot buy what it was for; nothing changed (it must be refunded or resolved). */
  | Unapplicable;

/** What a completed payment for `bought` × `months` does to a settled subscription. */
export function purchase(
  sub: SubscriptionState,
  bought: PlanFacts,
  months: number,
  payment: PaymentFacts,
  plans: Plans,
  now: Date,
): PurchaseResult {
  if (bought.id === plans.free.id) {
    return { kind: "unapplicable", reason: "the free plan is not sold", refusal: { code: "free_not_sold" } };
  }
  const current = plans.byId(sub.planId);
  const live = livePeriods(sub.paidPeriods, now);
  const paidTimeRuns = sub.planId !== plans.free.id && live.length > 0;
  const bought_ = (startsAt: Date): PaidPeriod => ({
    planId: bought.id,
    startsAt,
    endsAt: addMonths(startsAt, months),
    amount: payment.amount,
    currency: payment.currency,
    paymentId: payment.id,
    source: "payment",
  });
  const base = { ...sub, cancelAtPeriodEnd: false }; // paying again is the clearest "resume"

  if (paidTimeRuns && bought.id === sub.planId) {
    const runEnd = sub.currentPeriodEnd!;
    const period = bought_(runEnd);
    const length = period.endsAt.getTime() - runEnd.getTime();
    const periods = [
      ...live.filter((p) => p.endsAt <= runEnd),
      period,
      ...live.filter((p) => p.startsAt >= runEnd).map((p) => shifted(p, length)),
    ];
    const state = withPeriods(base, periods, plans, now);
    return applied(state, {
      kind: "renewed",
      fromPlanId: sub.planId,
      toPlanId: sub.planId,
      fromPeriodEnd: runEnd,
      toPeriodEnd: state.currentPeriodEnd,
      value: [],
      note: `${bought.name} renewed until ${iso(state.currentPeriodEnd)}${laterNote(state, live, runEnd, plans)}`,
      at: now,
    });
  }

  if (paidTimeRuns && bought.sortOrder < current.sortOrder) {
    const end = paidUntil(live, now)!;
    const state = withPeriods(base, [...live, bought_(end)], plans, now);
    return applied(state, {
      kind: "downgrade_scheduled",
      fromPlanId: sub.planId,
      toPlanId: bought.id,
      fromPeriodEnd: sub.currentPeriodEnd,
      toPeriodEnd: state.currentPeriodEnd,
      value: [],
      note: `${bought.name} for ${months} month(s) from ${iso(end)}`,
      at: now,
    });
  }

  // An upgrade, or a first purchase: the new plan starts now; unused value follows as time.
  const carried = carryOver(live, bought, bought_(now).endsAt, now);
  if (carried.kind === "unapplicable") return carried;
  const periods = [bought_(now), ...carried.periods];
  const value = unusedValue(live, now);
  const state = withPeriods(base, periods, plans, now);
  const converted = [...value].map(([currency, amount]) => ({ currency, amount }));
  const days = Math.floor(
    carried.periods.reduce((sum, p) => sum + p.endsAt.getTime() - p.startsAt.getTime(), 0) / DAY_MS,
  );
  return applied(state, {
    kind: paidTimeRuns ? "upgraded" : "purchased",
    fromPlanId: sub.planId,
    toPlanId: bought.id,
    fromPeriodEnd: sub.currentPeriodEnd,
    toPeriodEnd: state.currentPeriodEnd,
    value: converted,
    note:
      `${bought.name} active until ${iso(state.currentPeriodEnd)}` +
      (paidTimeRuns ? `, including ${days} day(s) from the unused ${current.name} time` : ""),
    at: now,
  });
}

/** ISO 4217's code for "no currency": the currency of time an admin gave, worth nothing. */
export const NO_CURRENCY = "XXX";

/**
 * The paid time `live` as time on `plan` from `startsAt`: its unused value per currency becomes
 * time at the plan's daily price in that currency (a conversion period each), and time an admin
 * gave (worth nothing) stays as long as it was. Unapplicable when the plan has no price in a
 * currency that has value left: that value could not be kept.
 */
export function carryOver(
  live: readonly PaidPeriod[],
  plan: PlanFacts,
  startsAt: Date,
  now: Date,
): { kind: "carried"; periods: PaidPeriod[] } | Unapplicable {
  const periods: PaidPeriod[] = [];
  let end = startsAt;
  const append = (length: number, amount: number, currency: string, source: PaidPeriod["source"]) => {
    const next = new Date(end.getTime() + length);
    periods.push({ planId: plan.id, startsAt: end, endsAt: next, amount, currency, paymentId: null, source });
    end = next;
  };
  for (const [currency, amount] of unusedValue(live, now)) {
    const price = plan.monthlyPrices[currency];
    if (!price) {
      return {
        kind: "unapplicable",
        reason: `${plan.name} has no ${currency} price to turn the unused ${currency} value into time`,
        refusal: { code: "no_price_for_unused_value", plan: plan.name, currency },
      };
    }
    append(durationFor(amount, price), amount, currency, "conversion");
  }
  const given = live
    .filter((period) => period.amount === 0)
    .reduce((sum, period) => sum + period.endsAt.getTime() - laterOfTimes(period.startsAt, now).getTime(), 0);
  if (given > 0) append(given, 0, NO_CURRENCY, "admin");
  return { kind: "carried", periods };
}

/** The payment id a preview's period carries. */
export const PREVIEW_PAYMENT_ID = "preview";

/** What paying for `plan` × `months` now would give: for the plans page, before paying. */
export function previewPurchase(
  sub: SubscriptionState,
  plan: PlanFacts,
  months: number,
  price: { amount: number; currency: string },
  plans: Plans,
  now: Date,
): PurchaseResult {
  const payment = { id: PREVIEW_PAYMENT_ID, amount: price.amount, currency: price.currency };
  return purchase(settle(sub, plans, now), plan, months, payment, plans, now);
}

/** The customer cancels: the subscription ends with its paid time; nothing paid is lost. */
export function cancel(sub: SubscriptionState, plans: Plans, now: Date): SubscriptionChange | null {
  const end = paidUntil(sub.paidPeriods, now);
  if (!end || sub.cancelAtPeriodEnd) return null;
  return {
    kind: "canceled",
    at: now,
    fromPlanId: sub.planId,
    toPlanId: plans.free.id,
    fromPeriodEnd: sub.currentPeriodEnd,
    toPeriodEnd: end,
    value: [],
    note: `cancelled: ${plans.byId(sub.planId).name} stays until ${iso(end)}, then ${plans.free.name}`,
  };
}

/** Undoes a cancellation before the paid time ends. */
export function resume(sub: SubscriptionState, plans: Plans, now: Date): SubscriptionChange | null {
  const end = paidUntil(sub.paidPeriods, now);
  if (!end || !sub.cancelAtPeriodEnd) return null;
  return {
    kind: "resumed",
    at: now,
    fromPlanId: sub.planId,
    toPlanId: sub.planId,
    fromPeriodEnd: end,
    toPeriodEnd: end,
    value: [],
    note: `resumed: ${plans.byId(sub.planId).name} continues`,
  };
}

/**
 * A refund that also ends the time it bought: `refund.amount` of value leaves the paid time, the
 * refunded payment's own period first, then the latest time paid in the same currency, each
 * period shortened at its own rate (its value per millisecond is unchanged) and what follows
 * moved up. When less value is left than was refunded, all of it goes (the customer got back more
 * than the time was still worth: the merchant's choice). Returns the value actually removed.
 */
export function removeRefundedTime(
  sub: SubscriptionState,
  refund: PaymentFacts,
  plans: Plans,
  now: Date,
): { state: SubscriptionState; change: SubscriptionChange; removed: number } {
  const periods = livePeriods(sub.paidPeriods, now).map((period) => ({ ...period }));
  const order = periods
    .map((period, index) => ({ period, index }))
    .filter(({ period }) => period.currency === refund.currency && period.amount > 0)
    .sort(
      (a, b) =>
        Number(b.period.paymentId === refund.id) - Number(a.period.paymentId === refund.id) ||
        b.period.startsAt.getTime() - a.period.startsAt.getTime(),
    );
  let left = refund.amount;
  for (const { index } of order) {
    if (left === 0) break;
    const period = periods[index]!;
    const take = Math.min(left, periodValueLeft(period, now));
    if (take === 0) continue;
    const length = period.endsAt.getTime() - period.startsAt.getTime();
    // Time absorbs the rounding (whole milliseconds, rounded down); the value moves exactly.
    const cut = Math.floor((take * length) / period.amount);
    const remainingValue = periodValueLeft(period, now) - take;
    period.endsAt = new Date(period.endsAt.getTime() - cut);
    period.amount -= take;
    if (remainingValue === 0 && period.startsAt <= now) period.endsAt = now; // nothing of it is left
    for (let later = index + 1; later < periods.length; later++) {
      const previous = periods[later - 1]!;
      const gap = periods[later]!.startsAt.getTime() - laterOfTimes(previous.endsAt, now).getTime();
      periods[later] = shifted(periods[later]!, -gap);
    }
    left -= take;
  }
  const state = withPeriods(sub, periods, plans, now);
  const removed = refund.amount - left;
  return {
    state,
    removed,
    change: {
      kind: "refund_time_removed",
      at: now,
      fromPlanId: sub.planId,
      toPlanId: state.planId,
      fromPeriodEnd: paidUntil(sub.paidPeriods, now),
      toPeriodEnd: paidUntil(state.paidPeriods, now),
      value: removed > 0 ? [{ currency: refund.currency, amount: -removed }] : [],
      note: `refund of payment ${refund.id}: paid time shortened by the refunded value`,
    },
  };
}

/** The state that `periods` (live at `now`, back to back) make: plan, period end, schedule, quota. */
export function withPeriods(
  sub: SubscriptionState,
  periods: PaidPeriod[],
  plans: Plans,
  now: Date,
): SubscriptionState {
  const live = livePeriods(periods, now);
  const first = live[0];
  const planId = first && first.startsAt <= now ? first.planId : plans.free.id;
  let runEnd: Date | null = null;
  let scheduledPlanId: string | null = null;
  if (planId !== plans.free.id) {
    const after = live.findIndex((period) => period.planId !== planId);
    runEnd = after === -1 ? live[live.length - 1]!.endsAt : live[after]!.startsAt;
    scheduledPlanId = after === -1 ? null : live[after]!.planId;
  }
  const changed = planId !== sub.planId;
  const plan = plans.byId(planId);
  return {
    ...sub,
    planId,
    status: "active",
    currentPeriodStart: changed ? now : sub.currentPeriodStart,
    currentPeriodEnd: runEnd,
    scheduledPlanId,
    cancelAtPeriodEnd: live.length > 0 && sub.cancelAtPeriodEnd,
    paidPeriods: live,
    ...(changed
      ? { requestsLimit: plan.monthlyQuota, requestsUsed: 0, usageResetsAt: addMonths(now, 1) }
      : {}),
  };
}

function applied(state: SubscriptionState, change: SubscriptionChange): PurchaseResult {
  return { kind: "applied", state, change };
}

function laterNote(state: SubscriptionState, live: PaidPeriod[], runEnd: Date, plans: Plans): string {
  if (!live.some((p) => p.startsAt >= runEnd) || !state.scheduledPlanId) return "";
  return `; ${plans.byId(state.scheduledPlanId).name} now starts ${iso(state.currentPeriodEnd)}`;
}

function laterOfTimes(a: Date, b: Date): Date {
  return a > b ? a : b;
}

function iso(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "—";
}

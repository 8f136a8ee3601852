import {
  carryOver,
  NO_CURRENCY,
  withPeriods,
  type PlanFacts,
  type Plans,
  type SubscriptionChange,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { addMonths } from "@/lib/billing/calendar";
import { DAY_MS, livePeriods, paidUntil, shifted, unusedValue } from "@/lib/billing/subscriptions/value";

// What an admin may do to a settled subscription, as pure functions like the customer's rules
// (rules.ts), under the same value rule: an admin may give time (worth nothing, so no value
// appears) and may move paid value to another plan (converted, as an upgrade does), but takes
// value away only by ending the time explicitly, and that removal is written into the event.

export type AdminChangeResult =
  | { kind: "applied"; state: SubscriptionState; change: SubscriptionChange }
  | { kind: "refused"; reason: string };

/**
 * `days` of `plan`, free of charge: after the current run when it is the customer's plan (later
 * time moves back by as much), from now when the customer is on free. Another plan while paid
 * time runs is refused: change the plan first, then extend it.
 */
export function grantDays(
  sub: SubscriptionState,
  plan: PlanFacts,
  days: number,
  plans: Plans,
  now: Date,
): AdminChangeResult {
  if (plan.id === plans.free.id) return { kind: "refused", reason: "The free plan has no time to give." };
  const live = livePeriods(sub.paidPeriods, now);
  const onFree = sub.planId === plans.free.id || live.length === 0;
  if (!onFree && plan.id !== sub.planId) {
    return {
      kind: "refused",
      reason: `${plans.byId(sub.planId).name} runs until ${day(sub.currentPeriodEnd)}: change the plan first, or extend ${plans.byId(sub.planId).name}.`,
    };
  }
  const startsAt = onFree ? now : sub.currentPeriodEnd!;
  const length = days * DAY_MS;
  const gift = {
    planId: plan.id,
    startsAt,
    endsAt: new Date(startsAt.getTime() + length),
    amount: 0,
    currency: NO_CURRENCY,
    paymentId: null,
    source: "admin" as const,
  };
  const periods = [
    ...live.filter((period) => period.endsAt <= startsAt),
    gift,
    ...live.filter((period) => period.startsAt >= startsAt).map((period) => shifted(period, length)),
  ];
  const state = withPeriods(sub, periods, plans, now);
  return {
    kind: "applied",
    state,
    change: {
      kind: "extended",
      at: now,
      fromPlanId: sub.planId,
      toPlanId: plan.id,
      fromPeriodEnd: onFree ? null : sub.currentPeriodEnd,
      toPeriodEnd: state.currentPeriodEnd,
      value: [],
      note: `${plan.name} extended by ${days} day(s), until ${day(state.currentPeriodEnd)}`,
    },
  };
}

/**
 * The paid time moves to `plan` now, without a charge: its unused value becomes time on the new
 * plan at that plan's daily price (as an upgrade converts it), time an admin gave stays as long.
 */
export function changePlanNow(
  sub: SubscriptionState,
  plan: PlanFacts,
  plans: Plans,
  now: Date,
): AdminChangeResult {
  const live = livePeriods(sub.paidPeriods, now);
  if (plan.id === sub.planId) return { kind: "refused", reason: `The customer is on ${plan.name} already.` };
  if (plan.id === plans.free.id) {
    return { kind: "refused", reason: "To move a customer to Free, cancel: at the period end, or now." };
  }
  if (live.length === 0) {
    return { kind: "refused", reason: "There is no paid time to move: give time with Extend instead." };
  }
  const carried = carryOver(live, plan, now, now);
  if (carried.kind === "unapplicable") return { kind: "refused", reason: `${carried.reason}.` };
  const state = withPeriods({ ...sub, cancelAtPeriodEnd: false }, carried.periods, plans, now);
  return {
    kind: "applied",
    state,
    change: {
      kind: "plan_changed",
      at: now,
      fromPlanId: sub.planId,
      toPlanId: plan.id,
      fromPeriodEnd: paidUntil(live, now),
      toPeriodEnd: paidUntil(state.paidPeriods, now),
      value: [...unusedValue(live, now)].map(([currency, amount]) => ({ currency, amount })),
      note: `${plans.byId(sub.planId).name} → ${plan.name} until ${day(state.currentPeriodEnd)}, the unused value converted`,
    },
  };
}

/**
 * All paid time ends now: back to free. The unused value is not kept (refund what is owed from
 * the payment's page); the event records it, negative, so it never vanishes unseen.
 */
export function endNow(sub: SubscriptionState, plans: Plans, now: Date): AdminChangeResult {
  const live = livePeriods(sub.paidPeriods, now);
  if (live.length === 0) return { kind: "refused", reason: "The customer has no paid time to end." };
  const state = withPeriods({ ...sub, cancelAtPeriodEnd: false }, [], plans, now);
  const forfeited = [...unusedValue(live, now)].map(([currency, amount]) => ({ currency, amount: -amount }));
  return {
    kind: "applied",
    state,
    change: {
      kind: "ended_now",
      at: now,
      fromPlanId: sub.planId,
      toPlanId: plans.free.id,
      fromPeriodEnd: paidUntil(live, now),
      toPeriodEnd: null,
      value: forfeited,
      note: `paid time ended now; back to ${plans.free.name}`,
    },
  };
}

/**
 * A payment that could not be applied as bought (lib/billing/payments/attention.ts), applied by
 * an admin as what it paid for: `months` of its plan after all paid time, worth its amount.
 */
export function appendPaidTime(
  sub: SubscriptionState,
  plan: PlanFacts,
  months: number,
  payment: { id: string; amount: number; currency: string },
  plans: Plans,
  now: Date,
): AdminChangeResult {
  if (plan.id === plans.free.id) return { kind: "refused", reason: "The free plan is not sold." };
  const live = livePeriods(sub.paidPeriods, now);
  const startsAt = paidUntil(live, now) ?? now;
  const period = {
    planId: plan.id,
    startsAt,
    endsAt: addMonths(startsAt, months),
    amount: payment.amount,
    currency: payment.currency,
    paymentId: payment.id,
    source: "payment" as const,
  };
  const state = withPeriods(sub, [...live, period], plans, now);
  return {
    kind: "applied",
    state,
    change: {
      kind: "value_applied",
      at: now,
      fromPlanId: sub.planId,
      toPlanId: plan.id,
      fromPeriodEnd: paidUntil(live, now),
      toPeriodEnd: period.endsAt,
      value: [],
      note: `${plan.name} for ${months} month(s) from ${day(startsAt)}, from payment ${payment.id}`,
    },
  };
}

function day(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "—";
}

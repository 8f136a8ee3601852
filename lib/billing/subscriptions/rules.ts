import { addMonths, laterOf } from "@/lib/billing/calendar";
import type { SubscriptionStatus } from "@/lib/generated/prisma/client";

// The subscription rules as pure functions of (subscription, plans, now), so the apply path can
// decide in TypeScript between one locking read and one writing statement, and the rules can be
// tested without a database. From the design (ARCHITECTURE.md, payment flow 5):
// - a completed payment for a higher or the same plan starts or extends the period by calendar
//   months from the later of now and the current end; a plan change resets request usage. (An
//   upgrade therefore also lifts the rest of the current period to the higher plan: the team's
//   deliberate, customer-friendly choice.)
// - a payment for a lower plan while a higher one is paid for is scheduled for the end of the paid
//   period (the customer has prepaid the next period on the lower plan). A schedule, once paid,
//   is never dropped: renewals and upgrades push it back, and only the same plan can be added to
//   it (checkout refuses a second, different one).
// - a period that has ended rolls over to the scheduled plan, or falls back to free;
// - the request quota is monthly, also on 12-month plans: usage resets every calendar month.

export interface PlanFacts {
  id: string;
  name: string;
  slug: string;
  sortOrder: number;
  monthlyQuota: number;
}

export interface SubscriptionState {
  planId: string;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date | null;
  scheduledPlanId: string | null;
  scheduledMonths: number | null;
  requestsLimit: number;
  requestsUsed: number;
  usageResetsAt: Date;
}

/** The plans a decision may need: the free plan, and any other by id. */
export interface Plans {
  free: PlanFacts;
  byId(id: string): PlanFacts;
}

/** A new account's subscription: the free plan, which never expires. */
export function freeSubscription(free: PlanFacts, now: Date): SubscriptionState {
  return {
    planId: free.id,
    status: "active",
    currentPeriodStart: now,
    currentPeriodEnd: null,
    scheduledPlanId: null,
    scheduledMonths: null,
    requestsLimit: free.monthlyQuota,
    requestsUsed: 0,
    usageResetsAt: addMonths(now, 1),
  };
}

/** Period ends and monthly usage resets that have come due by `now`, applied. */
export function settle(sub: SubscriptionState, plans: Plans, now: Date): SubscriptionState {
  let state = sub;
  while (state.currentPeriodEnd && state.currentPeriodEnd <= now) {
    const end = state.currentPeriodEnd;
    const next = state.scheduledPlanId ? plans.byId(state.scheduledPlanId) : plans.free;
    state = {
      ...state,
      planId: next.id,
      status: "active",
      currentPeriodStart: end,
      currentPeriodEnd: state.scheduledPlanId ? addMonths(end, state.scheduledMonths ?? 1) : null,
      scheduledPlanId: null,
      scheduledMonths: null,
      requestsLimit: next.monthlyQuota,
      requestsUsed: 0,
      usageResetsAt: addMonths(end, 1),
    };
  }
  if (state.usageResetsAt <= now) {
    let next = state.usageResetsAt;
    while (next <= now) next = addMonths(next, 1);
    state = { ...state, requestsUsed: 0, usageResetsAt: next };
  }
  return state;
}

/**
 * What a completed payment for `bought` × `months` does to a settled subscription, and a note for
 * the timeline.
 */
export function afterPayment(
  sub: SubscriptionState,
  bought: PlanFacts,
  months: number,
  plans: Plans,
  now: Date,
): { state: SubscriptionState; note: string } {
  const current = plans.byId(sub.planId);
  const paidPeriodRunning = sub.currentPeriodEnd !== null && sub.currentPeriodEnd > now;

  if (paidPeriodRunning && bought.sortOrder < current.sortOrder) {
    if (sub.scheduledPlanId && sub.scheduledPlanId !== bought.id) {
      // Checkout refuses this; if it still happens (two tabs), keep the first schedule and leave
      // the money to be refunded, rather than silently dropping a paid period.
      return { state: sub, note: "not scheduled: another plan is already scheduled; refund this payment" };
    }
    const scheduledMonths = (sub.scheduledMonths ?? 0) + months;
    return {
      state: { ...sub, scheduledPlanId: bought.id, scheduledMonths },
      note: `${bought.name} for ${scheduledMonths} month(s) scheduled from ${sub.currentPeriodEnd!.toISOString()}`,
    };
  }

  const samePlan = bought.id === sub.planId;
  const end = addMonths(laterOf(now, sub.currentPeriodEnd), months);
  const state: SubscriptionState = {
    ...sub,
    planId: bought.id,
    status: "active",
    currentPeriodEnd: end,
    ...(samePlan
      ? {}
      : {
          currentPeriodStart: now,
          requestsLimit: bought.monthlyQuota,
          requestsUsed: 0,
          usageResetsAt: addMonths(now, 1),
        }),
  };
  const scheduled = sub.scheduledPlanId ? `; the scheduled plan now starts ${end.toISOString()}` : "";
  return { state, note: `${bought.name} active until ${end.toISOString()}${scheduled}` };
}

import { z } from "zod";
import type { SubscriptionChange, SubscriptionState } from "@/lib/billing/subscriptions/rules";
import type { PaidPeriod } from "@/lib/billing/subscriptions/value";
import type { Prisma } from "@/lib/generated/prisma/client";

// How the rules' values are stored: `Subscription.paidPeriods` and `SubscriptionEvent.value` are
// JSON (dates as UTC ISO text), read back through zod so a malformed row fails loudly instead of
// turning into wrong money.

const storedPeriod = z.object({
  planId: z.string(),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  amount: z.int().nonnegative(),
  currency: z.string().length(3),
  paymentId: z.string().nullable(),
  source: z.enum(["payment", "conversion", "admin"]),
});

export function readPaidPeriods(json: unknown): PaidPeriod[] {
  return z
    .array(storedPeriod)
    .parse(json ?? [])
    .map((period) => ({ ...period, startsAt: new Date(period.startsAt), endsAt: new Date(period.endsAt) }));
}

export function paidPeriodsJson(periods: readonly PaidPeriod[]): Prisma.InputJsonArray {
  return periods.map((period) => ({
    ...period,
    startsAt: period.startsAt.toISOString(),
    endsAt: period.endsAt.toISOString(),
  }));
}

/** A Subscription row as the rules see it. */
export function readSubscriptionState(row: {
  planId: string;
  status: SubscriptionState["status"];
  currentPeriodStart: Date;
  currentPeriodEnd: Date | null;
  scheduledPlanId: string | null;
  cancelAtPeriodEnd: boolean;
  paidPeriods: unknown;
  requestsLimit: number;
  requestsUsed: number;
  usageResetsAt: Date;
}): SubscriptionState {
  return {
    planId: row.planId,
    status: row.status,
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    scheduledPlanId: row.scheduledPlanId,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    paidPeriods: readPaidPeriods(row.paidPeriods),
    requestsLimit: row.requestsLimit,
    requestsUsed: row.requestsUsed,
    usageResetsAt: row.usageResetsAt,
  };
}

/** The Subscription columns a state writes. */
export function subscriptionData(state: SubscriptionState) {
  return { ...state, paidPeriods: paidPeriodsJson(state.paidPeriods) };
}

/** A SubscriptionEvent row for a change (without its subscription). */
export function subscriptionEventData(
  change: SubscriptionChange,
  context: { paymentId?: string | null; actorId?: string | null; reason?: string | null } = {},
) {
  return {
    kind: change.kind,
    fromPlanId: change.fromPlanId,
    toPlanId: change.toPlanId,
    fromPeriodEnd: change.fromPeriodEnd,
    toPeriodEnd: change.toPeriodEnd,
    value: change.value,
    note: change.note,
    at: change.at,
    paymentId: context.paymentId ?? null,
    actorId: context.actorId ?? null,
    reason: context.reason ?? null,
  };
}

export const SUBSCRIPTION_STATE_FIELDS = {
  planId: true,
  status: true,
  currentPeriodStart: true,
  currentPeriodEnd: true,
  scheduledPlanId: true,
  cancelAtPeriodEnd: true,
  paidPeriods: true,
  requestsLimit: true,
  requestsUsed: true,
  usageResetsAt: true,
} as const;

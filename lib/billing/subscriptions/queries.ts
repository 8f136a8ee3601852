import { getPlans } from "@/lib/billing/catalog";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { loadPlans } from "@/lib/billing/subscriptions/periods";
import {
  PREVIEW_PAYMENT_ID,
  previewPurchase,
  settle,
  type Plans,
  type PurchaseRefusal,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { readSubscriptionState } from "@/lib/billing/subscriptions/stored";
import { DAY_MS, paidUntil } from "@/lib/billing/subscriptions/value";
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
    loadPlans(),
  ]);
  if (!subscription) return null;
  const state = settle(readSubscriptionState(subscription), plans, now);
  return {
    ...subscription,
    ...state,
    plans,
    plan: plans.byId(state.planId),
    scheduledPlan: state.scheduledPlanId ? plans.byId(state.scheduledPlanId) : null,
  };
}

/** Everything the plans page shows: the catalog, where the customer stands, and what each option would give. */
export async function getPlansPage(userId: string, now = new Date()) {
  const [catalog, subscription] = await Promise.all([getPlans(), getAccountOverview(userId, now)]);
  const previews = subscription ? previewPlans(subscription, catalog, subscription.plans, now) : {};
  return {
    plans: catalog,
    subscription,
    previews,
    paidUntil: paidUntil(subscription?.paidPeriods ?? [], now),
  };
}

/** What paying for a plan now would give, for the plans page to say before the customer pays. */
export type PlanPreview =
  | {
      kind: "purchased" | "upgraded" | "renewed" | "downgrade_scheduled";
      /** When the bought months start (now, or the end of the paid time before them). */
      startsAt: Date;
      /** The end of the bought plan's paid time, converted time included. */
      until: Date;
      /** Days of the new plan that the unused value of the current paid time becomes. */
      convertedDays: number;
      fromPlan: string;
    }
  /** It cannot be bought now: why, as a code and its values (the page says it in words). */
  | { kind: "unavailable"; refusal: PurchaseRefusal };

/** A preview per plan, period and currency: `${slug}:${months}:${currency}`. */
export function previewPlans(
  subscription: SubscriptionState,
  catalog: { id: string; slug: string; prices: { currency: string; months: number; amount: number }[] }[],
  plans: Plans,
  now: Date,
): Record<string, PlanPreview> {
  const previews: Record<string, PlanPreview> = {};
  for (const entry of catalog) {
    if (entry.id === plans.free.id) continue;
    for (const price of entry.prices) {
      const result = previewPurchase(subscription, plans.byId(entry.id), price.months, price, plans, now);
      const key = `${entry.slug}:${price.months}:${price.currency}`;
      if (result.kind === "unapplicable") {
        previews[key] = { kind: "unavailable", refusal: result.refusal };
        continue;
      }
      const bought = result.state.paidPeriods.filter((period) => period.planId === entry.id);
      const own = bought.find((period) => period.paymentId === PREVIEW_PAYMENT_ID)!;
      const converted = bought
        .filter((period) => period.source === "conversion")
        .reduce((sum, period) => sum + period.endsAt.getTime() - period.startsAt.getTime(), 0);
      previews[key] = {
        kind: result.change.kind as Exclude<PlanPreview["kind"], "unavailable">,
        startsAt: own.startsAt,
        until: bought.reduce((end, period) => (period.endsAt > end ? period.endsAt : end), own.endsAt),
        convertedDays: Math.floor(converted / DAY_MS),
        fromPlan: plans.byId(subscription.planId).name,
      };
    }
  }
  return previews;
}

/** What a completed plan payment bought, as its success screen says it. */
export type PaymentOutcome =
  | { kind: "active"; plan: string; until: Date | null }
  | { kind: "starts"; plan: string; startsAt: Date; until: Date }
  /** Completed, but it could not be applied as bought: refunded, or resolved by an admin. */
  | { kind: "not_applied" };

/**
 * The payment's own paid period decides: in the future, the plan starts then (a lower plan after
 * the paid time); running, the plan is active until its run ends. Null when the payment's time
 * is no longer in the paid time (over, or refunded): the screen then shows where the customer stands.
 */
export function paymentOutcome(
  overview: NonNullable<Awaited<ReturnType<typeof getAccountOverview>>>,
  payment: { id: string; attentionReason: string | null },
  now = new Date(),
): PaymentOutcome | null {
  if (payment.attentionReason?.startsWith(NOT_APPLIED)) return { kind: "not_applied" };
  const own = overview.paidPeriods.find((period) => period.paymentId === payment.id);
  if (!own) return null;
  const plan = overview.plans.byId(own.planId).name;
  if (own.startsAt > now) return { kind: "starts", plan, startsAt: own.startsAt, until: own.endsAt };
  return { kind: "active", plan, until: overview.currentPeriodEnd };
}

/**
 * The subscription's own timeline, newest first. With the plans and period ends each change
 * moved between (and the months its payment bought), so a page can say it in the reader's words;
 * `note` is the record's English.
 */
export async function getSubscriptionTimeline(userId: string, take = 20) {
  return db.subscriptionEvent.findMany({
    where: { subscription: { userId } },
    orderBy: [{ at: "desc" }, { createdAt: "desc" }],
    take,
    select: {
      id: true,
      kind: true,
      at: true,
      note: true,
      reason: true,
      value: true,
      fromPlanId: true,
      toPlanId: true,
      fromPeriodEnd: true,
      toPeriodEnd: true,
      payment: { select: { months: true } },
    },
  });
}

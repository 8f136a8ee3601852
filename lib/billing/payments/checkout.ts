import { appUrl } from "@/lib/app-url";
import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { openCheckout, type OpenCheckoutResult } from "@/lib/billing/payments/open-checkout";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import type { ProviderName } from "@/lib/billing/providers/types";
import type { BillingMonths } from "@/lib/billing/pricing";
import { switchToFreePlan } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { formatDate } from "@/lib/format";

// Starting a plan purchase. The price always comes from the database (never from the form); the
// checkout itself is opened by lib/billing/payments/open-checkout.ts.

export type CheckoutResult = { kind: "switched"; message: string } | OpenCheckoutResult;

export async function startSubscriptionCheckout(
  input: { userId: string; email: string; planSlug: string; months: BillingMonths; provider?: ProviderName },
  now = new Date(),
): Promise<CheckoutResult> {
  const plan = await db.plan.findFirst({ where: { slug: input.planSlug, active: true } });
  if (!plan) return { kind: "unavailable", reason: "This plan is not available." };
  const sub = await db.subscription.findUnique({
    where: { userId: input.userId },
    include: { plan: true, scheduledPlan: true },
  });
  const conflict = scheduleConflict(sub, plan, now);
  if (conflict) return { kind: "unavailable", reason: conflict };

  if (plan.slug === FREE_PLAN_SLUG) {
    await switchToFreePlan(input.userId, now);
    return { kind: "switched", message: "You are on the Free plan now." };
  }

  const provider = planCheckoutProviders().find((candidate) => candidate.name === input.provider);
  if (!provider) return { kind: "unavailable", reason: "This payment method is not available right now." };
  const price = await db.price.findUnique({
    where: { planId_currency_months: { planId: plan.id, currency: provider.currency, months: input.months } },
  });
  if (!price) return { kind: "unavailable", reason: `${plan.name} cannot be paid in ${provider.currency}.` };

  return openCheckout(
    {
      provider,
      lockKey: `user:${input.userId}`,
      purchase: {
        userId: input.userId,
        purpose: "subscription",
        provider: provider.name,
        amount: price.amount,
        currency: price.currency,
        planId: plan.id,
        months: input.months,
      },
      request: (orderId) => ({
        email: input.email,
        description: `${plan.name}, ${input.months === 12 ? "12 months" : "1 month"}`,
        successUrl: appUrl("/dashboard/payment/success", { order_id: orderId }),
        cancelUrl: appUrl("/dashboard/payment/error", { order_id: orderId }),
      }),
    },
    now,
  );
}

/** A purchase that would drop or contradict a plan the customer has already prepaid. */
function scheduleConflict(
  sub: {
    plan: { sortOrder: number };
    currentPeriodEnd: Date | null;
    scheduledPlanId: string | null;
    scheduledPlan: { name: string } | null;
  } | null,
  plan: { id: string; slug: string; sortOrder: number },
  now: Date,
): string | null {
  if (!sub?.scheduledPlan || !sub.currentPeriodEnd) return null;
  const starts = formatDate(sub.currentPeriodEnd);
  if (plan.slug === FREE_PLAN_SLUG) {
    return `You have prepaid ${sub.scheduledPlan.name} from ${starts}; switching to Free now would forfeit it.`;
  }
  const lower = sub.currentPeriodEnd > now && plan.sortOrder < sub.plan.sortOrder;
  if (lower && sub.scheduledPlanId !== plan.id) {
    return `${sub.scheduledPlan.name} is already scheduled from ${starts}. You can add months to it, or upgrade.`;
  }
  return null;
}

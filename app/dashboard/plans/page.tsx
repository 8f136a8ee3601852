import type { Metadata } from "next";
import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import { PlansChooser, type PlanOption, type ProviderOption } from "./plans-chooser";
import { requireUser } from "@/lib/auth/session";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import { getPlansPage, type PlanPreview } from "@/lib/billing/subscriptions/queries";
import { planChoice } from "@/lib/billing/subscriptions/plan-choice";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Plans" };

export default async function PlansPage() {
  const user = await requireUser();
  const { plans, subscription, previews, paidUntil } = await getPlansPage(user.id);
  const providers: ProviderOption[] = planCheckoutProviders().map(({ name, currency }) => ({
    name,
    label: PROVIDER_LABEL[name],
    currency,
  }));
  const current = subscription
    ? { slug: subscription.plan.slug, sortOrder: subscription.plan.sortOrder, periodEnd: paidUntil }
    : { slug: "free", sortOrder: 0, periodEnd: null };

  const options: PlanOption[] = plans.map((plan) => {
    const choice = planChoice(current, plan);
    const prices: PlanOption["prices"] = {};
    const outcomes: PlanOption["outcomes"] = {};
    for (const price of plan.prices) {
      const key = `${price.months}:${price.currency}`;
      prices[key] = price.amount;
      const preview = previews[`${plan.slug}:${key}`];
      if (preview) outcomes[key] = describe(plan.name, preview);
    }
    return {
      slug: plan.slug,
      name: plan.name,
      monthlyQuota: plan.monthlyQuota,
      prices,
      outcomes,
      action:
        choice === "renew"
          ? `Renew ${plan.name}`
          : choice === "schedule-downgrade"
            ? `Switch to ${plan.name} after your paid time`
            : `Upgrade to ${plan.name}`,
    };
  });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Plans</h1>
        <p className="mt-1 text-sm text-slate-600">
          Pay monthly, or for 12 months at 10% off. A higher plan starts at once, and the unused part of what
          you paid becomes extra time on it; a renewal adds to your current plan; a lower plan starts when
          your paid time ends. Nothing you paid for is lost.
        </p>
        {subscription?.scheduledPlan && subscription.currentPeriodEnd ? (
          <p className="mt-2 text-sm text-slate-700">
            {subscription.scheduledPlan.name} starts on {formatDate(subscription.currentPeriodEnd)}.
          </p>
        ) : null}
      </div>
      <PlansChooser
        plans={options}
        currentSlug={current.slug}
        providers={providers}
        cancellation={
          subscription && paidUntil
            ? {
                cancelled: subscription.cancelAtPeriodEnd,
                planName: subscription.plan.name,
                endsOn: formatDate(paidUntil),
              }
            : null
        }
      />
    </div>
  );
}

/** What buying a plan now gives, in words. */
function describe(planName: string, preview: PlanPreview): { text: string; available: boolean } {
  switch (preview.kind) {
    case "unavailable":
      return { text: preview.reason, available: false };
    case "upgraded":
      return {
        text:
          `${planName} until ${formatDate(preview.until)}` +
          (preview.convertedDays > 0
            ? `, including ${preview.convertedDays} ${preview.convertedDays === 1 ? "day" : "days"} from your unused ${preview.fromPlan} time.`
            : "."),
        available: true,
      };
    case "downgrade_scheduled":
      return {
        text: `${planName} from ${formatDate(preview.startsAt)} until ${formatDate(preview.until)}, after your paid time.`,
        available: true,
      };
    case "purchased":
    case "renewed":
      return { text: `${planName} until ${formatDate(preview.until)}.`, available: true };
  }
}

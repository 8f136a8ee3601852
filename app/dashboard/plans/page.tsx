import type { Metadata } from "next";
import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import { PlanCheckoutForm, type ProviderOption } from "./plan-checkout-form";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { CHOICE_LABEL, planChoice } from "@/lib/billing/subscriptions/plan-choice";
import { formatMoney } from "@/lib/billing/pricing";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import { getPlansPage } from "@/lib/billing/subscriptions/queries";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Plans" };

const DISPLAY_CURRENCY = "USD";

export default async function PlansPage() {
  const user = await requireUser();
  const { plans, subscription } = await getPlansPage(user.id);
  const providers: ProviderOption[] = planCheckoutProviders().map(({ name }) => ({
    name,
    label: PROVIDER_LABEL[name],
  }));
  const current = subscription
    ? {
        slug: subscription.plan.slug,
        sortOrder: subscription.plan.sortOrder,
        periodEnd: subscription.currentPeriodEnd,
      }
    : { slug: "free", sortOrder: 0, periodEnd: null };

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Plans</h1>
        <p className="mt-1 text-sm text-slate-600">
          Pay monthly, or for 12 months at 10% off. Upgrades and renewals extend your paid period; a lower
          plan starts when the current period ends.
        </p>
        {subscription?.scheduledPlan && subscription.currentPeriodEnd ? (
          <p className="mt-2 text-sm text-slate-700">
            {subscription.scheduledPlan.name} starts on {formatDate(subscription.currentPeriodEnd)}.
          </p>
        ) : null}
        {providers.length === 0 ? (
          <p className="mt-2 text-sm text-red-700">
            No payment method is configured, so paid plans can&apos;t be bought yet.
          </p>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {plans.map((plan) => {
          const monthly = plan.prices.find((p) => p.currency === DISPLAY_CURRENCY && p.months === 1);
          const yearly = plan.prices.find((p) => p.currency === DISPLAY_CURRENCY && p.months === 12);
          const choice = planChoice(current, plan);
          const isCurrent = plan.slug === current.slug;
          return (
            <Card key={plan.id} className={isCurrent ? "ring-2 ring-brand-600" : ""}>
              <article aria-label={`${plan.name} plan`} className="flex h-full flex-col gap-3">
                <div className="flex items-center justify-between">
                  <h2 className="text-lg font-semibold">{plan.name}</h2>
                  {isCurrent ? (
                    <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">
                      Your plan
                    </span>
                  ) : null}
                </div>
                <p className="text-sm text-slate-600">
                  {new Intl.NumberFormat("en-US").format(plan.monthlyQuota)} requests a month
                </p>
                {monthly && yearly ? (
                  <div className="text-sm">
                    <p>
                      <span className="text-xl font-semibold">
                        {formatMoney(monthly.amount, DISPLAY_CURRENCY)}
                      </span>{" "}
                      / month
                    </p>
                    {yearly.amount > 0 ? (
                      <p className="text-slate-600">
                        or {formatMoney(yearly.amount, DISPLAY_CURRENCY)} for 12 months{" "}
                        <span className="font-medium text-emerald-700">
                          (save {formatMoney(monthly.amount * 12 - yearly.amount, DISPLAY_CURRENCY)})
                        </span>
                      </p>
                    ) : null}
                  </div>
                ) : null}
                <div className="mt-auto">
                  <PlanCheckoutForm
                    plan={{ slug: plan.slug, name: plan.name }}
                    choice={choice}
                    buttonLabel={buttonLabel(choice, plan.name)}
                    providers={providers}
                  />
                </div>
              </article>
            </Card>
          );
        })}
      </div>
    </div>
  );
}

function buttonLabel(choice: ReturnType<typeof planChoice>, planName: string): string {
  switch (choice) {
    case "upgrade":
      return `Upgrade to ${planName}`;
    case "renew":
      return `Renew ${planName}`;
    case "schedule-downgrade":
      return `Switch to ${planName} at period end`;
    case "switch-to-free":
    case "current":
      return CHOICE_LABEL[choice];
  }
}

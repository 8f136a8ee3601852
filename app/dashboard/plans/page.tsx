import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { providerLabel } from "@/components/billing/payment-labels";
import { cancellationLabels } from "./cancellation-labels";
import { PlansChooser, type PlanOption, type ProviderOption } from "./plans-chooser";
import { requireUser } from "@/lib/auth/session";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import { getPlansPage, type PlanPreview } from "@/lib/billing/subscriptions/queries";
import { planChoice } from "@/lib/billing/subscriptions/plan-choice";
import type { PurchaseRefusal } from "@/lib/billing/subscriptions/rules";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.plans");
  return { title: t("metaTitle") };
}

export default async function PlansPage({ searchParams }: PageProps<"/dashboard/plans">) {
  const user = await requireUser();
  const query = await searchParams;
  const [t, root, locale] = await Promise.all([
    getTranslations("dashboard.plans"),
    getTranslations(),
    getLocale(),
  ]);
  const { plans, subscription, previews, paidUntil } = await getPlansPage(user.id);
  const providers: ProviderOption[] = planCheckoutProviders().map(({ name, currency }) => ({
    name,
    label: providerLabel(root, name),
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
      if (preview) outcomes[key] = describe(root, locale, plan.name, preview);
    }
    return {
      slug: plan.slug,
      name: plan.name,
      monthlyQuota: plan.monthlyQuota,
      prices,
      outcomes,
      action:
        choice === "renew"
          ? t("action.renew", { plan: plan.name })
          : choice === "schedule-downgrade"
            ? t("action.scheduleDowngrade", { plan: plan.name })
            : t("action.upgrade", { plan: plan.name }),
    };
  });

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
        {subscription?.scheduledPlan && subscription.currentPeriodEnd ? (
          <p className="mt-2 text-sm text-slate-700">
            {t("scheduledStarts", {
              plan: subscription.scheduledPlan.name,
              date: formatDate(subscription.currentPeriodEnd, locale),
            })}
          </p>
        ) : null}
      </div>
      <ClientMessages namespaces={["dashboard"]}>
        <PlansChooser
          plans={options}
          currentSlug={current.slug}
          providers={providers}
          initial={initialChoice(query, plans)}
          cancellation={
            subscription && paidUntil
              ? {
                  cancelled: subscription.cancelAtPeriodEnd,
                  labels: cancellationLabels(root, subscription.plan.name, formatDate(paidUntil, locale)),
                }
              : null
          }
        />
      </ClientMessages>
    </div>
  );
}

/** The choice a /pricing link carries (?plan=pro&months=12&currency=RUB), ignoring what is not ours. */
function initialChoice(
  query: Record<string, string | string[] | undefined>,
  plans: { slug: string }[],
): { months: 1 | 12; currency: string | null; plan: string | null } {
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : null);
  const plan = one(query.plan);
  return {
    months: one(query.months) === "12" ? 12 : 1,
    currency: one(query.currency),
    plan: plans.some((candidate) => candidate.slug === plan) ? plan : null,
  };
}

/** What buying a plan now gives, in the reader's words. */
function describe(
  t: Translator,
  locale: Locale,
  planName: string,
  preview: PlanPreview,
): { text: string; available: boolean } {
  const date = (value: Date) => formatDate(value, locale);
  switch (preview.kind) {
    case "unavailable":
      return { text: refusal(t, preview.refusal), available: false };
    case "upgraded":
      return {
        text:
          preview.convertedDays > 0
            ? t("dashboard.plans.outcome.upgradedWithDays", {
                plan: planName,
                until: date(preview.until),
                days: preview.convertedDays,
                from: preview.fromPlan,
              })
            : t("dashboard.plans.outcome.until", { plan: planName, until: date(preview.until) }),
        available: true,
      };
    case "downgrade_scheduled":
      return {
        text: t("dashboard.plans.outcome.downgrade", {
          plan: planName,
          startsAt: date(preview.startsAt),
          until: date(preview.until),
        }),
        available: true,
      };
    case "purchased":
    case "renewed":
      return {
        text: t("dashboard.plans.outcome.until", { plan: planName, until: date(preview.until) }),
        available: true,
      };
  }
}

/** Why an option cannot be bought now. */
function refusal(t: Translator, why: PurchaseRefusal): string {
  switch (why.code) {
    case "free_not_sold":
      return t("dashboard.plans.refusal.freeNotSold");
    case "no_price_for_unused_value":
      return t("dashboard.plans.refusal.noPriceForUnusedValue", { plan: why.plan, currency: why.currency });
  }
}

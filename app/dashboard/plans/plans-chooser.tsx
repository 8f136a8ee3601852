"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { CancellationForm, type CancellationLabels } from "./cancellation-form";
import { PlanCheckoutForm } from "./plan-checkout-form";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/billing/pricing";
import type { ProviderName } from "@/lib/billing/providers/types";

export interface ProviderOption {
  name: ProviderName;
  label: string;
  currency: string;
}

export interface PlanOption {
  slug: string;
  name: string;
  monthlyQuota: number;
  /** Price per `${months}:${currency}`, minor units. */
  prices: Record<string, number>;
  /** What buying it gives, per `${months}:${currency}`: a sentence, or why it can't be bought. */
  outcomes: Record<string, { text: string; available: boolean }>;
  /** The button's words: "Upgrade to Pro", "Renew Pro", "Switch to Starter after your paid time". */
  action: string;
}

/**
 * The plans page's choices: one period toggle and one payment method for the whole page, every
 * plan's price for them, and before paying what each option would give.
 */
export function PlansChooser({
  plans,
  currentSlug,
  providers,
  cancellation,
  initial,
}: {
  plans: PlanOption[];
  currentSlug: string;
  providers: ProviderOption[];
  /** On a paid plan: the cancel/resume form's facts. */
  cancellation: { cancelled: boolean; labels: CancellationLabels } | null;
  /** What a link from /pricing chose: the period, the money, and the plan to point out. */
  initial: { months: 1 | 12; currency: string | null; plan: string | null };
}) {
  const t = useTranslations("dashboard.plans");
  const locale = useLocale();
  const [months, setMonths] = useState<1 | 12>(initial.months);
  const [providerName, setProviderName] = useState(
    (providers.find((option) => option.currency === initial.currency) ?? providers[0])?.name,
  );
  const provider = providers.find((candidate) => candidate.name === providerName);
  const currency = provider?.currency ?? "USD";
  const key = `${months}:${currency}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-6">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">{t("period")}</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="period" checked={months === 1} onChange={() => setMonths(1)} />{" "}
            {t("monthly")}
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="period" checked={months === 12} onChange={() => setMonths(12)} />{" "}
            {t("twelveMonths")} <span className="font-medium text-emerald-700">{t("save")}</span>
          </label>
        </fieldset>
        {providers.length > 0 ? (
          <label className="flex items-center gap-2 text-sm">
            {t("payWith")}
            <select
              value={providerName}
              onChange={(event) => setProviderName(event.target.value as ProviderName)}
              className="rounded-md border border-slate-300 bg-surface px-2 py-1.5 text-sm"
            >
              {providers.map((option) => (
                <option key={option.name} value={option.name}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {plans.map((plan) => {
          const isCurrent = plan.slug === currentSlug;
          const isChosen = plan.slug === initial.plan && !isCurrent;
          const free = plan.slug === "free";
          const price = plan.prices[key];
          const monthlyTimes12 = (plan.prices[`1:${currency}`] ?? 0) * 12;
          const outcome = plan.outcomes[key];
          const disabledReason =
            providers.length === 0
              ? t("noMethods")
              : price === undefined
                ? t("notSoldIn", { currency })
                : outcome && !outcome.available
                  ? outcome.text
                  : null;
          return (
            <Card key={plan.slug} className={isCurrent || isChosen ? "ring-2 ring-brand-600" : ""}>
              <article
                aria-label={t("planArticle", { plan: plan.name })}
                className="flex h-full flex-col gap-3"
              >
                <div className="flex items-center justify-between">
                  <h2 className="text-lg font-semibold">{plan.name}</h2>
                  {isCurrent ? (
                    <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">
                      {t("yourPlan")}
                    </span>
                  ) : isChosen ? (
                    <span className="rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">
                      {t("chosen")}
                    </span>
                  ) : null}
                </div>
                <p className="text-sm text-slate-600">{t("requests", { count: plan.monthlyQuota })}</p>
                {!free && price !== undefined ? (
                  <div className="text-sm">
                    <p>
                      <span className="text-xl font-semibold">{formatMoney(price, currency, locale)}</span>{" "}
                      {months === 1 ? t("perMonth") : t("for12Months")}
                    </p>
                    {months === 12 ? (
                      <p className="font-medium text-emerald-700">
                        {t("youSave", { amount: formatMoney(monthlyTimes12 - price, currency, locale) })}
                      </p>
                    ) : null}
                  </div>
                ) : null}
                {!free && outcome?.available ? (
                  <p className="text-sm text-slate-700" data-testid={`outcome-${plan.slug}`}>
                    {outcome.text}
                  </p>
                ) : null}
                <div className="mt-auto">
                  {free ? (
                    cancellation ? (
                      <CancellationForm {...cancellation} />
                    ) : (
                      <p className="text-sm text-slate-600">{isCurrent ? t("onFree") : ""}</p>
                    )
                  ) : (
                    <PlanCheckoutForm
                      plan={plan}
                      months={months}
                      provider={providerName}
                      buttonLabel={plan.action}
                      disabledReason={disabledReason}
                    />
                  )}
                </div>
              </article>
            </Card>
          );
        })}
      </div>
    </div>
  );
}

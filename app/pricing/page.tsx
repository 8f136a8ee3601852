import type { Metadata, Route } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getLocale, getTranslations } from "next-intl/server";
import { CheckIcon } from "@/components/ui/check-icon";
import { getSessionUser } from "@/lib/auth/session";
import {
  chooseCurrency,
  choosePeriod,
  getPublicCatalog,
  periodPriceOf,
  planChoicePath,
  registrationPath,
  type PublicPlan,
} from "@/lib/billing/plans/public-catalog";
import { formatMoney, YEARLY_DISCOUNT_PERCENT, type BillingMonths } from "@/lib/billing/pricing";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("landing.pricing");
  return { title: t("metaTitle"), description: t("metaDescription", { percent: YEARLY_DISCOUNT_PERCENT }) };
}

/**
 * The public price list: the plans as the database sells them, for a month or 12 months, in a
 * currency this installation takes (roubles for Russian readers, dollars for English ones, unless
 * the visitor picks another). The toggles are plain links (?period=12&currency=RUB), so the page
 * works without a script.
 */
export default async function PricingPage({ searchParams }: PageProps<"/pricing">) {
  const query = await searchParams;
  const [catalog, user, locale, t] = await Promise.all([
    getPublicCatalog(),
    getSessionUser(),
    getLocale(),
    getTranslations("landing.pricing"),
  ]);
  const months = choosePeriod(query.period);
  const currency = chooseCurrency(query.currency, locale, catalog.currencies);
  // The currency stays in the links only once the visitor picked one, so switching the language
  // still switches the default currency.
  const pickedCurrency = currency !== null && query.currency === currency ? currency : undefined;
  const percent = YEARLY_DISCOUNT_PERCENT;

  const href = (next: { period: BillingMonths; currency?: string }): Route => {
    const params = new URLSearchParams();
    if (next.period !== 1) params.set("period", String(next.period));
    if (next.currency) params.set("currency", next.currency);
    const search = params.toString();
    return search ? `/pricing?${search}` : "/pricing";
  };

  return (
    <div className="space-y-12 pb-8">
      <header className="mx-auto max-w-2xl text-center">
        <h1 className="text-3xl font-bold tracking-tight sm:text-4xl">{t("title")}</h1>
        <p className="mt-3 text-slate-600">{t("lead", { percent })}</p>
      </header>

      <div className="flex flex-col items-center gap-3 sm:flex-row sm:justify-center sm:gap-6">
        <Toggle label={t("period.label")}>
          <ToggleLink href={href({ period: 1, currency: pickedCurrency })} selected={months === 1}>
            {t("period.monthly")}
          </ToggleLink>
          <ToggleLink href={href({ period: 12, currency: pickedCurrency })} selected={months === 12}>
            {t("period.yearly")}{" "}
            <span className="rounded-full bg-emerald-50 px-1.5 py-0.5 text-xs font-semibold text-emerald-700">
              {t("period.yearlyBadge", { percent })}
            </span>
          </ToggleLink>
        </Toggle>
        {catalog.currencies.length > 1 ? (
          <Toggle label={t("currency.label")}>
            {catalog.currencies.map((code) => (
              <ToggleLink
                key={code}
                href={href({ period: months, currency: code })}
                selected={code === currency}
              >
                {code === "RUB" || code === "USD" ? t(`currency.${code}`) : t("currency.other", { code })}
              </ToggleLink>
            ))}
          </Toggle>
        ) : null}
      </div>

      {!catalog.payable ? (
        <p className="mx-auto max-w-2xl rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-center text-sm text-amber-800">
          {t("notPayable")}
        </p>
      ) : null}

      <section aria-label={t("plans")}>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {catalog.plans.map((plan) => (
            <li key={plan.slug}>
              <PlanCard plan={plan} months={months} currency={currency} signedIn={user !== null} />
            </li>
          ))}
        </ul>
      </section>

      <section
        aria-labelledby="includes-title"
        className="rounded-2xl border border-slate-200 bg-surface p-6 shadow-sm sm:p-8"
      >
        <h2 id="includes-title" className="text-lg font-semibold">
          {t("includes.title")}
        </h2>
        <ul className="mt-4 grid gap-3 text-sm text-slate-700 sm:grid-cols-2 lg:grid-cols-3">
          {(["api", "methods", "balance", "telegram", "receipts", "noLoss"] as const).map((item) => (
            <li key={item} className="flex gap-2">
              <CheckIcon />
              <span>{t(`includes.${item}`)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="faq-title" className="mx-auto max-w-3xl">
        <h2 id="faq-title" className="text-lg font-semibold">
          {t("faq.title")}
        </h2>
        <dl className="mt-4 divide-y divide-slate-200 border-y border-slate-200">
          {(["yearly", "change", "currency"] as const).map((item) => (
            <div key={item} className="py-4">
              <dt className="font-medium">{t(`faq.${item}.q`)}</dt>
              <dd className="mt-1 text-sm text-slate-600">{t(`faq.${item}.a`, { percent })}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}

async function PlanCard({
  plan,
  months,
  currency,
  signedIn,
}: {
  plan: PublicPlan;
  months: BillingMonths;
  /** Null when the catalog is sold in no currency at all. */
  currency: string | null;
  signedIn: boolean;
}) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("landing.pricing")]);
  const price = currency ? periodPriceOf(plan, currency, months) : null;
  const titleId = `plan-${plan.slug}`;
  const highlighted = plan.slug === "pro";
  const intent = { plan: plan.slug, months, ...(currency ? { currency } : {}) };
  // "Start" leads a visitor through registration, a customer straight to the plans page, with
  // this plan, period and currency chosen; the free plan needs no choosing.
  const action: { href: Route; label: string } | null = plan.free
    ? signedIn
      ? { href: "/dashboard/plans", label: t("current") }
      : { href: "/register", label: t("startFree") }
    : price
      ? {
          href: signedIn ? planChoicePath(intent) : registrationPath(intent),
          label: t("start", { plan: plan.name }),
        }
      : null;

  return (
    <article
      aria-labelledby={titleId}
      className={`flex h-full flex-col rounded-xl border bg-surface p-6 shadow-sm ${
        highlighted ? "border-brand-600 ring-1 ring-brand-600" : "border-slate-200"
      }`}
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {plan.name}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("quota", { count: plan.monthlyQuota })}</p>
      <div className="mt-5 min-h-20" data-testid={`price-${plan.slug}`}>
        {plan.free ? (
          <p className="text-3xl font-bold tracking-tight">{t("free")}</p>
        ) : price && currency ? (
          <>
            <p className="flex flex-wrap items-baseline gap-x-2">
              <span className="text-3xl font-bold tracking-tight">
                {formatMoney(price.amount, currency, locale)}
              </span>
              <span className="text-sm text-slate-600">{months === 1 ? t("perMonth") : t("perYear")}</span>
            </p>
            {price.undiscounted !== null && price.saving > 0 ? (
              <p className="mt-1 text-sm">
                <span className="text-slate-600 line-through">
                  {t("instead", { amount: formatMoney(price.undiscounted, currency, locale) })}
                </span>{" "}
                <span className="font-semibold text-emerald-700">
                  {t("saving", { amount: formatMoney(price.saving, currency, locale) })}
                </span>
              </p>
            ) : null}
          </>
        ) : (
          <p className="text-sm text-slate-600">{t("notSold", { currency: currency ?? "" })}</p>
        )}
      </div>
      {action ? (
        <Link
          href={action.href}
          className={`mt-auto inline-flex w-full items-center justify-center rounded-md px-4 py-2.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${
            !plan.free
              ? "bg-brand-600 text-white hover:bg-brand-700"
              : "border border-slate-300 bg-surface text-slate-800 hover:bg-slate-50"
          }`}
        >
          {action.label}
        </Link>
      ) : null}
    </article>
  );
}

function Toggle({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      role="group"
      aria-label={label}
      className="inline-flex rounded-lg border border-slate-200 bg-surface p-1 shadow-sm"
    >
      {children}
    </div>
  );
}

function ToggleLink({ href, selected, children }: { href: Route; selected: boolean; children: ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={selected ? "true" : undefined}
      scroll={false}
      className={`inline-flex items-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${
        selected ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100"
      }`}
    >
      {children}
    </Link>
  );
}

import type { Route } from "next";
import { FREE_PLAN_SLUG, getPlans } from "@/lib/billing/catalog";
import { BILLING_PERIODS, type BillingMonths } from "@/lib/billing/pricing";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import type { PlanIntent } from "@/lib/validations/auth";

// What the public pricing page shows and how a choice made there reaches the plans page: the
// active plans with the prices checkout charges (the Price rows, never recomputed), in the
// currencies this installation can take payment in. Read-only.

export interface PublicPlan {
  slug: string;
  name: string;
  monthlyQuota: number;
  free: boolean;
  /** Total price per `${months}:${currency}`, minor units, exactly as checkout charges it. */
  prices: Record<string, number>;
}

export interface PublicCatalog {
  plans: PublicPlan[];
  /** The currencies a paid plan can be bought in: the configured providers' that the catalog prices in. */
  currencies: string[];
  /** False while no payment provider is configured: prices are shown, nothing can be paid yet. */
  payable: boolean;
}

/** The currency a reader sees first: roubles in Russian, dollars in English. */
export const LOCALE_CURRENCY: Record<Locale, string> = { ru: "RUB", en: "USD" };

const priceKey = (months: number, currency: string) => `${months}:${currency}`;

export async function getPublicCatalog(): Promise<PublicCatalog> {
  const rows = await getPlans();
  const plans = rows.map((plan) => ({
    slug: plan.slug,
    name: plan.name,
    monthlyQuota: plan.monthlyQuota,
    free: plan.slug === FREE_PLAN_SLUG,
    prices: Object.fromEntries(
      plan.prices.map((price) => [priceKey(price.months, price.currency), price.amount]),
    ),
  }));
  const priced = [...new Set(rows.flatMap((plan) => plan.prices.map((price) => price.currency)))];
  const accepted = new Set(planCheckoutProviders().map((provider) => provider.currency));
  const payable = priced.filter((currency) => accepted.has(currency));
  // With no provider configured nothing is payable; the prices are still worth showing.
  return { plans, currencies: accepted.size > 0 ? payable : priced, payable: payable.length > 0 };
}

/** The period in a query (`?period=12`); monthly unless it names another billing period. */
export function choosePeriod(requested: unknown): BillingMonths {
  const months = Number(Array.isArray(requested) ? requested[0] : requested);
  return BILLING_PERIODS.find((period) => period === months) ?? 1;
}

/** The currency asked for when it is offered, else the reader's own, else the first offered. */
export function chooseCurrency(
  requested: unknown,
  locale: Locale,
  offered: readonly string[],
): string | null {
  const asked = Array.isArray(requested) ? requested[0] : requested;
  if (typeof asked === "string" && offered.includes(asked)) return asked;
  if (offered.includes(LOCALE_CURRENCY[locale])) return LOCALE_CURRENCY[locale];
  return offered[0] ?? null;
}

export interface PeriodPrice {
  /** What the period costs, minor units. */
  amount: number;
  /** For 12 months: twelve monthly payments, what the discount is taken from; null for a month. */
  undiscounted: number | null;
  /** undiscounted − amount; 0 for a month. */
  saving: number;
}

/** A plan's price for a period in a currency, with the saving; null when it isn't sold that way. */
export function periodPriceOf(plan: PublicPlan, currency: string, months: BillingMonths): PeriodPrice | null {
  const amount = plan.prices[priceKey(months, currency)];
  if (amount === undefined) return null;
  const monthly = plan.prices[priceKey(1, currency)];
  if (months === 1 || monthly === undefined) return { amount, undiscounted: null, saving: 0 };
  const undiscounted = monthly * months;
  return { amount, undiscounted, saving: Math.max(0, undiscounted - amount) };
}

function intentQuery(intent: PlanIntent): string {
  const query = new URLSearchParams({ plan: intent.plan, months: String(intent.months) });
  if (intent.currency) query.set("currency", intent.currency);
  return query.toString();
}

/** The signed-in customer's plans page with this plan, period and currency chosen. */
export function planChoicePath(intent: PlanIntent): Route {
  return `/dashboard/plans?${intentQuery(intent)}`;
}

/** Registration, carrying the choice through to the plans page. */
export function registrationPath(intent: PlanIntent | null): Route {
  return intent ? `/register?${intentQuery(intent)}` : "/register";
}

/** Sign-in, returning to the plans page with the choice. */
export function signInPath(intent: PlanIntent | null): Route {
  return intent
    ? `/login?${new URLSearchParams({ callbackUrl: planChoicePath(intent) }).toString()}`
    : "/login";
}

/**
 * The choice when it can be bought: an active paid plan sold for that period (in that currency,
 * when one is named; a currency it isn't sold in is dropped). Null otherwise: a stale or forged
 * link then leads to the dashboard, not to an error.
 */
export async function purchasableIntent(
  intent: PlanIntent | null,
): Promise<(PlanIntent & { planName: string }) | null> {
  if (!intent || intent.plan === FREE_PLAN_SLUG) return null;
  const plan = await db.plan.findFirst({
    where: { slug: intent.plan, active: true },
    select: {
      name: true,
      prices: { where: { months: intent.months }, select: { currency: true, amount: true } },
    },
  });
  const sold = plan?.prices.filter((price) => price.amount > 0) ?? [];
  if (!plan || sold.length === 0) return null;
  const { currency, ...rest } = intent;
  const priced = currency !== undefined && sold.some((price) => price.currency === currency);
  return { ...rest, ...(priced ? { currency } : {}), planName: plan.name };
}

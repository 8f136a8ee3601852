import { addMonths } from "@/lib/billing/calendar";
import { PLAN_CATALOG } from "@/lib/billing/catalog";
import { periodPrice } from "@/lib/billing/pricing";
import type { PlanFacts, Plans } from "@/lib/billing/subscriptions/rules";

// The real catalog (free, starter … enterprise, USD and RUB) as the rules see it.

export const PLANS: PlanFacts[] = PLAN_CATALOG.map((definition, sortOrder) => ({
  id: `plan_${definition.slug}`,
  name: definition.name,
  slug: definition.slug,
  sortOrder,
  monthlyQuota: definition.monthlyQuota,
  monthlyPrices: { ...definition.monthly },
}));

export const plan = (slug: string): PlanFacts => PLANS.find((candidate) => candidate.slug === slug)!;

export const plans: Plans = {
  free: plan("free"),
  byId: (id) => {
    const found = PLANS.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no plan ${id}`);
    return found;
  },
};

/** What checkout charges for `months` of a plan (12 months at 10% off). */
export function priceOf(slug: string, months: 1 | 12, currency: "USD" | "RUB"): number {
  return periodPrice(plan(slug).monthlyPrices[currency]!, months);
}

export const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
export { addMonths };

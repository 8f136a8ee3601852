import { db } from "@/lib/db";
import { BILLING_PERIODS, periodPrice } from "@/lib/billing/pricing";

// The plans the product sells. The database is the source of truth at run time (checkout reads
// prices from it, never from a form); this list is what the seed writes there.

export interface PlanDefinition {
  slug: string;
  name: string;
  monthlyQuota: number;
  /** Monthly price per currency, minor units. */
  monthly: Record<"USD" | "RUB", number>;
}

export const PLAN_CATALOG: readonly PlanDefinition[] = [
  { slug: "free", name: "Free", monthlyQuota: 100, monthly: { USD: 0, RUB: 0 } },
  { slug: "starter", name: "Starter", monthlyQuota: 50_000, monthly: { USD: 129_00, RUB: 990_00 } },
  { slug: "basic", name: "Basic", monthlyQuota: 100_000, monthly: { USD: 199_00, RUB: 1_490_00 } },
  { slug: "pro", name: "Pro", monthlyQuota: 300_000, monthly: { USD: 299_00, RUB: 2_290_00 } },
  { slug: "business", name: "Business", monthlyQuota: 500_000, monthly: { USD: 399_00, RUB: 2_990_00 } },
  {
    slug: "enterprise",
    name: "Enterprise",
    monthlyQuota: 1_000_000,
    monthly: { USD: 599_00, RUB: 4_490_00 },
  },
];

export const FREE_PLAN_SLUG = "free";

export interface ProductDefinition {
  slug: string;
  name: string;
  description: string;
  fulfilment: "invite_link";
  /** Price per currency, minor units. */
  prices: Record<"USD" | "RUB", number>;
}

/** One-time products. The example: a course whose fulfilment is an invite to a paid channel. */
export const PRODUCT_CATALOG: readonly ProductDefinition[] = [
  {
    slug: "telegram-course",
    name: "Course: the paid Telegram channel",
    description:
      "Lifetime access to the course's private Telegram channel. The invite arrives in Telegram within seconds.",
    fulfilment: "invite_link",
    prices: { USD: 49_00, RUB: 3_990_00 },
  },
];

/** Writes the catalog; safe to run on every start (existing rows are updated in place). */
export async function upsertCatalog(): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const definition of PRODUCT_CATALOG) {
      const { prices, ...fields } = definition;
      const product = await tx.product.upsert({
        where: { slug: definition.slug },
        create: fields,
        update: fields,
      });
      for (const [currency, amount] of Object.entries(prices)) {
        await tx.productPrice.upsert({
          where: { productId_currency: { productId: product.id, currency } },
          create: { productId: product.id, currency, amount },
          update: { amount },
        });
      }
    }
    for (const [index, definition] of PLAN_CATALOG.entries()) {
      const plan = await tx.plan.upsert({
        where: { slug: definition.slug },
        create: {
          slug: definition.slug,
          name: definition.name,
          monthlyQuota: definition.monthlyQuota,
          sortOrder: index,
        },
        update: { name: definition.name, monthlyQuota: definition.monthlyQuota, sortOrder: index },
      });
      for (const [currency, monthly] of Object.entries(definition.monthly)) {
        for (const months of BILLING_PERIODS) {
          const amount = periodPrice(monthly, months);
          await tx.price.upsert({
            where: { planId_currency_months: { planId: plan.id, currency, months } },
            create: { planId: plan.id, currency, months, amount },
            update: { amount },
          });
        }
      }
    }
  });
}

/** Active plans with their prices, cheapest first. */
export function getPlans() {
  return db.plan.findMany({
    where: { active: true },
    orderBy: { sortOrder: "asc" },
    include: { prices: { orderBy: [{ currency: "asc" }, { months: "asc" }] } },
  });
}

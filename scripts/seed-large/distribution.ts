import { PRODUCT_CATALOG } from "../../lib/billing/catalog";

// The mix of generated payments, loosely that of a small SaaS two years in: mostly completed
// monthly subscriptions paid by card or crypto, cheaper plans more common, a steady trickle of
// abandoned invoices, a few refunds. Each mix is a weighted choice that the SQL makes with
// width_bucket(random(), thresholds), so it is passed as values + cumulative thresholds.

export interface WeightedChoice {
  values: string[];
  /** Cumulative lower bounds, starting at 0: value i is chosen for r in [thresholds[i], thresholds[i+1]). */
  thresholds: number[];
}

function choice(weights: Record<string, number>): WeightedChoice {
  const total = Object.values(weights).reduce((sum, weight) => sum + weight, 0);
  const values = Object.keys(weights);
  const thresholds: number[] = [];
  let cumulative = 0;
  for (const value of values) {
    thresholds.push(cumulative / total);
    cumulative += weights[value] ?? 0;
  }
  return { values, thresholds };
}

export const PROVIDERS = choice({ stripe: 40, cryptocloud: 35, yookassa: 25 });

/** Telegram-bot purchases (products, no account) are part of `product`. */
export const PURPOSES = choice({ subscription: 86, product: 9, topup: 5 });

/** Paid plans only; a plan in the catalog but missing here is never generated. */
export const PLANS = choice({ starter: 35, basic: 25, pro: 20, business: 12, enterprise: 8 });

/**
 * Pending stays pending at any age: CryptoCloud never reports an expiry, so an invoice nobody
 * looked at again keeps its last known status (README, "Connecting CryptoCloud").
 */
export const STATUSES = choice({
  completed: 78,
  expired: 9,
  failed: 4,
  pending: 4,
  refunded: 2.5,
  partially_paid: 1.5,
  canceled: 1,
});

/** The product that product payments buy. */
export const PRODUCT_SLUG = PRODUCT_CATALOG[0]?.slug ?? "telegram-course";

export const YEARLY_SHARE = 0.2;
/** Share of product purchases made from a Telegram bot, without an account. */
export const BOT_SHARE_OF_PRODUCTS = 0.4;
/** Stripe charges in EUR this often (else USD); CryptoCloud invoices in RUB this often (else USD). */
export const STRIPE_EUR_SHARE = 0.3;
export const CRYPTOCLOUD_RUB_SHARE = 0.15;
export const HISTORY_DAYS = 730;

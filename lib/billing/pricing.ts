// Pricing rules, pure and integer-only: money is always minor units (cents, kopecks).

/** Billing periods a plan can be bought for. */
export const BILLING_PERIODS = [1, 12] as const;
export type BillingMonths = (typeof BILLING_PERIODS)[number];

/** 12 months cost 12 × monthly with this discount (percent). */
export const YEARLY_DISCOUNT_PERCENT = 10;

/**
 * Price of `months` months of a plan whose monthly price is `monthlyMinor` minor units.
 * Rounded half-up to a whole minor unit, so no fraction of a cent ever exists.
 */
export function periodPrice(monthlyMinor: number, months: BillingMonths): number {
  if (!Number.isSafeInteger(monthlyMinor) || monthlyMinor < 0) {
    throw new RangeError(`monthly price must be a non-negative integer of minor units, got ${monthlyMinor}`);
  }
  if (months === 1) return monthlyMinor;
  const undiscounted = monthlyMinor * months;
  // Integer arithmetic: (x × 90 + 50) / 100, floored, is x × 0.9 rounded half-up.
  return Math.floor((undiscounted * (100 - YEARLY_DISCOUNT_PERCENT) + 50) / 100);
}

/** Currencies and their minor-unit exponent (ISO 4217). */
export const CURRENCY_EXPONENT: Record<string, number> = { USD: 2, EUR: 2, RUB: 2 };

/**
 * "1,393.20 USD"-style display of minor units; never goes through floating point. Takes a bigint
 * too, for sums beyond Number.MAX_SAFE_INTEGER (the admin's revenue figures).
 */
export function formatMoney(minor: number | bigint, currency: string, locale = "en-US"): string {
  const exponent = CURRENCY_EXPONENT[currency] ?? 2;
  const sign = minor < 0 ? "-" : "";
  const digits = (minor < 0 ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = BigInt(digits.slice(0, digits.length - exponent));
  const fraction = digits.slice(digits.length - exponent);
  const wholeText = new Intl.NumberFormat(locale).format(whole);
  const symbol = { USD: "$", EUR: "€", RUB: "₽" }[currency];
  const amount = exponent > 0 ? `${wholeText}.${fraction}` : wholeText;
  return symbol === "₽" || !symbol ? `${sign}${amount} ${symbol ?? currency}` : `${sign}${symbol}${amount}`;
}

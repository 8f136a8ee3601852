import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";
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
 * Minor units as the reader writes money: "1 290,00 ₽" in Russian, "$1,290.00" in English. Never
 * goes through floating point: Intl formats the exact decimal string. Takes a bigint too, for sums
 * beyond Number.MAX_SAFE_INTEGER (the admin's revenue figures).
 */
export function formatMoney(minor: number | bigint, currency: string, locale: Locale): string {
  const exponent = CURRENCY_EXPONENT[currency] ?? 2;
  const sign = minor < 0 ? "-" : "";
  const digits = (minor < 0 ? -minor : minor).toString().padStart(exponent + 1, "0");
  const decimal = exponent > 0 ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  const format = new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: exponent,
  });
  // Intl.NumberFormat accepts a decimal string and formats it exactly (ECMA-402 v3).
  return format.format(`${sign}${decimal}` as unknown as number);
}

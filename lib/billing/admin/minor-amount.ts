import { CURRENCY_EXPONENT, formatMoney } from "@/lib/billing/pricing";
import type { Locale } from "@/lib/i18n/locales";

// Sums of money for the admin's figures. PostgreSQL sums an Int column into a bigint, and a year
// of revenue in kopecks can pass 2^31; past 2^53 a JS number would silently lose cents. So a sum
// stays a number while it is exact and becomes a decimal string (of minor units) beyond that:
// both survive JSON and the server → client boundary, which a bigint does not.

/** An integer amount of minor units: a number up to Number.MAX_SAFE_INTEGER, else its digits. */
export type MinorAmount = number | string;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A database sum or count (bigint, or a number from a small column) as a MinorAmount. */
export function toMinorAmount(value: bigint | number | string | null): MinorAmount {
  const exact = toBigInt(value);
  return exact <= MAX_SAFE && exact >= -MAX_SAFE ? Number(exact) : exact.toString();
}

export function toBigInt(value: bigint | number | string | null): bigint {
  if (value === null) return 0n;
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw new RangeError(`not an exact integer amount: ${value}`);
  }
  return BigInt(value);
}

/** A count from SQL (COUNT(*) is a bigint); counts of rows always fit a number. */
export function toCount(value: bigint | number | null): number {
  return value === null ? 0 : Number(value);
}

/** Display of a MinorAmount in the reader's style, exact at any size (a bigint beyond 2^53). */
export function formatMinorAmount(amount: MinorAmount, currency: string, locale: Locale): string {
  return formatMoney(typeof amount === "number" ? amount : BigInt(amount), currency, locale);
}

/**
 * Major units as a float, for plotting only: a chart's bar height may be off by a fraction of a
 * cent, a figure shown as text may not (those go through formatMinorAmount).
 */
export function toMajorForPlot(amount: MinorAmount, currency: string): number {
  return Number(amount) / 10 ** (CURRENCY_EXPONENT[currency] ?? 2);
}

export function compareMinor(a: MinorAmount, b: MinorAmount): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

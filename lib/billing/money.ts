import { CURRENCY_EXPONENT } from "@/lib/billing/pricing";

// Conversions between our integer minor units and the decimal strings providers speak
// ("3229.20"). String arithmetic only: 0.1 + 0.2 must never decide whether an invoice is paid.

export function toDecimalString(minor: number, currency: string): string {
  const exponent = CURRENCY_EXPONENT[currency] ?? 2;
  const sign = minor < 0 ? "-" : "";
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Parses "3229.2", "3229.20" or 3229.2 into minor units. Digits beyond the currency's exponent
 * are truncated (never rounded up): a provider reporting 9.999 received has not received 10.00.
 */
export function fromDecimal(value: string | number, currency: string): number {
  const exponent = CURRENCY_EXPONENT[currency] ?? 2;
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const minor = Number(whole + fraction.padEnd(exponent, "0").slice(0, exponent));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${JSON.stringify(value)}`);
  return sign === "-" ? -minor : minor;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  // JSON numbers like 3229.2 print exactly as written; toFixed(10) avoids exponent notation.
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(10) : text;
}

/**
 * A decimal amount as an integer count of 10^-scale units: exact for any amount a provider
 * writes (up to 18 decimals for crypto), so two amounts can be compared or divided exactly.
 */
export function toScaledBigInt(value: string | number, scale = 18): bigint {
  const text = typeof value === "number" ? numberToPlainString(value) : value.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`not a non-negative decimal amount: ${JSON.stringify(value)}`);
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole + fraction.padEnd(scale, "0").slice(0, scale));
}

// Money and time helpers for the CryptoCloud emulator.
//
// Fiat amounts are kept as integer cents so "3229.20" never turns into 3229.1999…; they become
// plain JSON numbers only at the wire, because the real API sends floats (`"amount": 100.0`).

/** Fiat currencies CryptoCloud v2 accepts for `currency` on create (its docs list these). */
// prettier-ignore
export const FIAT_CURRENCIES = [
  "USD", "UZS", "KGS", "KZT", "AMD", "AZN", "BYN", "AUD", "TRY", "AED", "CAD", "CNY", "HKD",
  "IDR", "INR", "JPY", "PHP", "SGD", "THB", "VND", "MYR", "RUB", "UAH", "EUR", "GBP",
] as const;

// USD per unit of each currency. Made-up but plausible fixed rates: the emulator needs *some*
// conversion for `amount_usd` / `received_usd`, and fixed numbers keep tests deterministic.
// prettier-ignore
const USD_PER_UNIT: Record<string, number> = {
  USD: 1, EUR: 1.08, GBP: 1.27, RUB: 0.011, UAH: 0.024, KZT: 0.002, UZS: 0.00008, KGS: 0.0115,
  AMD: 0.0026, AZN: 0.59, BYN: 0.31, AUD: 0.66, TRY: 0.029, AED: 0.27, CAD: 0.73, CNY: 0.14,
  HKD: 0.128, IDR: 0.000062, INR: 0.012, JPY: 0.0066, PHP: 0.017, SGD: 0.74, THB: 0.028,
  VND: 0.00004, MYR: 0.22,
};

/** Upper bound for one invoice, so absurd inputs fail validation instead of losing precision. */
const MAX_CENTS = 100_000_000_000; // 1e9 units

/**
 * Parses what a merchant may send as `amount` (a JSON number or a decimal string) into cents,
 * rounding half up at the third decimal. Returns null for anything that is not a positive amount.
 */
export function parseCents(value: unknown): number | null {
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    text = value.toFixed(3);
  } else if (typeof value === "string") {
    text = value.trim();
  } else {
    return null;
  }
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = (match[2] ?? "").padEnd(3, "0");
  const cents = whole * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return cents > 0 && cents <= MAX_CENTS ? cents : null;
}

/** Cents → "3229.20". */
export function formatCents(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** Cents → 3229.2, the float the real API would put on the wire. */
export function centsToNumber(cents: number): number {
  return cents / 100;
}

export function isFiatCurrency(code: string): boolean {
  return (FIAT_CURRENCIES as readonly string[]).includes(code);
}

/** Fiat cents → USD cents at the fixed rate. */
export function toUsdCents(cents: number, currency: string): number {
  return Math.round(cents * (USD_PER_UNIT[currency] ?? 1));
}

/**
 * The amount in USDT (the emulator's only payment coin; a USD stablecoin, so 1 USDT = 1 USD),
 * as a float rounded to USDT's 6 decimals.
 */
export function toCrypto(cents: number, currency: string): number {
  return Math.round(cents * (USD_PER_UNIT[currency] ?? 1) * 10_000) / 1_000_000;
}

/**
 * CryptoCloud's timestamp format, confirmed by its docs: UTC, "YYYY-MM-DD HH:MI:SS.FFFFFF"
 * (e.g. "2024-08-23 11:49:59.746385"), no zone suffix. JS dates carry milliseconds only, so the
 * last three digits are zeros.
 */
export function formatApiDate(date: Date): string {
  return `${date.toISOString().slice(0, 23).replace("T", " ")}000`;
}

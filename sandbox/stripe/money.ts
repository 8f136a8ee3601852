// Amounts in Stripe are integers in the currency's smallest unit ("minor units"): 4900 is
// $49.00, but 4900 JPY is ¥4,900 because the yen has no decimals (Stripe's "zero-decimal"
// currencies). The hosted page and Stripe's error messages need the human form.

// prettier-ignore
const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf",
  "xof", "xpf",
]);

const SYMBOLS: Record<string, string> = { usd: "$", eur: "€", gbp: "£", jpy: "¥" };

/** Stripe's minimum charge per currency (docs: "Minimum and maximum charge amounts"); 50 otherwise. */
const MINIMUM: Record<string, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, chf: 50, cad: 50, aud: 50 };

/** Stripe's cap for one amount: eight digits of minor units. */
export const MAX_AMOUNT = 99_999_999;

export function minimumAmount(currency: string): number {
  return MINIMUM[currency] ?? 50;
}

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL.has(currency);
}

/** 4900 "usd" → "49.00"; 4900 "jpy" → "4900". */
export function formatMajor(amount: number, currency: string): string {
  if (isZeroDecimal(currency)) return String(amount);
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`;
}

/** "$0.50 usd", the way Stripe words amounts inside error messages. */
export function describeAmount(amount: number, currency: string): string {
  return `${SYMBOLS[currency] ?? ""}${formatMajor(amount, currency)} ${currency}`;
}

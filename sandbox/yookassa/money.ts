// Amounts as YooKassa writes them: a decimal string with at most two decimals ("1490.00"), held
// here as integer minor units so nothing is ever rounded.

/** Upper bound for one amount, so absurd inputs fail validation instead of losing precision. */
const MAX_MINOR = 100_000_000_000;

/** "1490", "1490.5", "1490.50" → 149050; null for anything else (floats, signs, three decimals, 0). */
export function parseAmount(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) return null;
  const minor = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return minor > 0 && minor <= MAX_MINOR ? minor : null;
}

/** 149050 → "1490.50". */
export function formatAmount(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
}

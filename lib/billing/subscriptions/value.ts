// What paid time is worth. A subscription's paid time is a chain of paid periods, each bought
// with an amount of one currency (a payment, the converted value of earlier periods, or nothing
// when an admin gave the time). The unused part of a period is worth
//   amount × (time left ÷ period length),
// computed exactly (integers and BigInt) and rounded once, to minor units, per currency. Every
// change to a subscription is written so that this value is conserved: nothing a customer or an
// admin does makes paid value vanish or appear (docs/architecture.md, "Subscriptions").

export type PaidPeriodSource = "payment" | "conversion" | "admin";

export interface PaidPeriod {
  planId: string;
  startsAt: Date;
  endsAt: Date;
  /** What this period was paid with, in minor units of `currency`; 0 for time an admin gave. */
  amount: number;
  currency: string;
  /** The payment that bought it (source "payment"), else null. */
  paymentId: string | null;
  source: PaidPeriodSource;
}

export const DAY_MS = 86_400_000;
/** A day of a plan costs its monthly price ÷ 30, in every currency it is sold in. */
export const DAYS_PER_MONTH_PRICE = 30;

/** A non-negative rational amount of minor units, exact until it is rounded once. */
interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

function unusedFraction(period: PaidPeriod, now: Date): Fraction {
  const length = period.endsAt.getTime() - period.startsAt.getTime();
  const left = period.endsAt.getTime() - Math.max(now.getTime(), period.startsAt.getTime());
  if (length <= 0 || left <= 0) return { numerator: 0n, denominator: 1n };
  return { numerator: BigInt(period.amount) * BigInt(Math.min(left, length)), denominator: BigInt(length) };
}

function add(a: Fraction, b: Fraction): Fraction {
  return {
    numerator: a.numerator * b.denominator + b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  };
}

/** Half up: the one rounding a value goes through. */
function round(value: Fraction): number {
  return Number((2n * value.numerator + value.denominator) / (2n * value.denominator));
}

/** The unused value of `periods` at `now`, per currency, in minor units (currencies with none left omitted). */
export function unusedValue(periods: readonly PaidPeriod[], now: Date): Map<string, number> {
  const sums = new Map<string, Fraction>();
  for (const period of periods) {
    const part = unusedFraction(period, now);
    if (part.numerator === 0n) continue;
    sums.set(period.currency, add(sums.get(period.currency) ?? { numerator: 0n, denominator: 1n }, part));
  }
  const result = new Map<string, number>();
  for (const currency of [...sums.keys()].sort()) {
    const amount = round(sums.get(currency)!);
    if (amount > 0) result.set(currency, amount);
  }
  return result;
}

/** The unused value of one period at `now`, rounded. */
export function periodValueLeft(period: PaidPeriod, now: Date): number {
  return round(unusedFraction(period, now));
}

/**
 * How long `amount` of `currency` lasts on a plan whose monthly price in that currency is
 * `monthlyPrice`: a day costs monthlyPrice ÷ 30. Whole milliseconds, rounded down (time, not
 * money, absorbs the rounding: the period's value stays exactly `amount`).
 */
export function durationFor(amount: number, monthlyPrice: number): number {
  if (monthlyPrice <= 0)
    throw new Error("a plan's monthly price must be positive to convert value into its time");
  return Number((BigInt(amount) * BigInt(DAYS_PER_MONTH_PRICE * DAY_MS)) / BigInt(monthlyPrice));
}

/** The periods that still have time left at `now` (a period refunded whole has none). */
export function livePeriods(periods: readonly PaidPeriod[], now: Date): PaidPeriod[] {
  return periods.filter((period) => period.endsAt > now && period.endsAt > period.startsAt);
}

/** The end of all paid time, or null when there is none left. */
export function paidUntil(periods: readonly PaidPeriod[], now: Date): Date | null {
  const live = livePeriods(periods, now);
  return live.length > 0 ? live[live.length - 1]!.endsAt : null;
}

/** The same period moved by `ms` (its length and value unchanged). */
export function shifted(period: PaidPeriod, ms: number): PaidPeriod {
  return {
    ...period,
    startsAt: new Date(period.startsAt.getTime() + ms),
    endsAt: new Date(period.endsAt.getTime() + ms),
  };
}

import {
  compareMinor,
  toBigInt,
  toCount,
  toMinorAmount,
  type MinorAmount,
} from "@/lib/billing/admin/minor-amount";
import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { db } from "@/lib/db";
import {
  Prisma,
  PaymentStatus,
  type PaymentProvider,
  type PaymentPurpose,
} from "@/lib/generated/prisma/client";

// The admin overview's figures (docs/architecture.md, "Admin overview and customers"):
// - revenue = the `amount` of payments whose status is `completed`, less what was refunded of it
//   (partial refunds), dated by `paidAt` (createdAt when a legacy row has none), in UTC days. A
//   refunded payment has status `refunded` and so is not revenue, whenever the refund came;
//   partial payments are not revenue either, nor payments that could not be applied as bought.
// - money is summed per currency only, in SQL (Int → bigint, exact), and never across currencies.
// Timestamps are UTC `timestamp without time zone` columns; adapter-pg sends a Date in UTC, so
// comparing them with a Date parameter is exact.

export const REVENUE_WINDOWS = [30, 90] as const;
export type RevenueWindowDays = (typeof REVENUE_WINDOWS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RevenueWindow {
  days: RevenueWindowDays;
  /** UTC midnight of the first day, inclusive. */
  start: Date;
  /** UTC midnight after today, exclusive. */
  end: Date;
  /** Every UTC day of the window, "YYYY-MM-DD", oldest first (`days` of them, today last). */
  dayKeys: string[];
}

/** The last `days` UTC days, today included. */
export function revenueWindow(days: RevenueWindowDays, now = new Date()): RevenueWindow {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const start = today - (days - 1) * DAY_MS;
  const dayKeys = Array.from({ length: days }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
  return { days, start: new Date(start), end: new Date(today + DAY_MS), dayKeys };
}

const revenueDate = Prisma.sql`COALESCE(p."paidAt", p."createdAt")`;

/**
 * Completed payments in the window, except those that could not be applied as bought: they are
 * not earned until an admin resolves them (lib/billing/payments/attention.ts).
 */
function inWindow(window: RevenueWindow): Prisma.Sql {
  return Prisma.sql`p.status = 'completed'::"PaymentStatus"
    AND (p."attentionReason" IS NULL OR p."attentionReason" NOT LIKE ${`${NOT_APPLIED}%`})
    AND ${revenueDate} >= ${window.start} AND ${revenueDate} < ${window.end}`;
}

export interface DailyRevenue {
  currency: string;
  /** One point per day of the window, zero-filled, oldest first. */
  points: { day: string; amount: MinorAmount }[];
  total: MinorAmount;
}

/** Revenue per currency per UTC day; days without revenue are 0 so a chart's axis is continuous. */
export async function revenueByDay(options: {
  days: RevenueWindowDays;
  now?: Date;
}): Promise<DailyRevenue[]> {
  const window = revenueWindow(options.days, options.now);
  const rows = await db.$queryRaw<{ currency: string; day: string; total: bigint }[]>`
    SELECT p.currency, to_char(${revenueDate}, 'YYYY-MM-DD') AS day, SUM(p.amount - p."amountRefunded") AS total
    FROM "Payment" p
    WHERE ${inWindow(window)}
    GROUP BY 1, 2`;
  const byCurrency = new Map<string, Map<string, bigint>>();
  for (const row of rows) {
    const days = byCurrency.get(row.currency) ?? new Map<string, bigint>();
    days.set(row.day, toBigInt(row.total));
    byCurrency.set(row.currency, days);
  }
  return [...byCurrency.keys()].sort().map((currency) => {
    const days = byCurrency.get(currency) ?? new Map<string, bigint>();
    let total = 0n;
    const points = window.dayKeys.map((day) => {
      const amount = days.get(day) ?? 0n;
      total += amount;
      return { day, amount: toMinorAmount(amount) };
    });
    return { currency, points, total: toMinorAmount(total) };
  });
}

export interface RevenueSlice {
  /** Stable key: `plan:<id>`, `product:<id>`, `topup`, or the provider's name. */
  key: string;
  /** The plan's or product's name; null for top-ups, a provider, or a row whose plan is gone. */
  label: string | null;
  amount: MinorAmount;
  payments: number;
}

export interface CurrencyRevenue {
  currency: string;
  total: MinorAmount;
  payments: number;
  /** Plans by name, products by name, top-ups together (key `topup`); largest first. */
  byPlan: (RevenueSlice & { kind: PaymentPurpose })[];
  byProvider: (RevenueSlice & { provider: PaymentProvider })[];
}

/** Revenue of the window per currency, with its breakdowns by plan and by provider. */
export async function revenueTotals(options: {
  days: RevenueWindowDays;
  now?: Date;
}): Promise<CurrencyRevenue[]> {
  const window = revenueWindow(options.days, options.now);
  const rows = await db.$queryRaw<
    {
      currency: string;
      provider: PaymentProvider;
      purpose: string;
      planId: string | null;
      planName: string | null;
      productId: string | null;
      productName: string | null;
      total: bigint;
      payments: bigint;
    }[]
  >`
    SELECT p.currency, p.provider::text AS provider, p.purpose::text AS purpose,
           p."planId", pl.name AS "planName", p."productId", pr.name AS "productName",
           SUM(p.amount - p."amountRefunded") AS total, COUNT(*) AS payments
    FROM "Payment" p
    LEFT JOIN "Plan" pl ON pl.id = p."planId"
    LEFT JOIN "Product" pr ON pr.id = p."productId"
    WHERE ${inWindow(window)}
    GROUP BY p.currency, p.provider, p.purpose, p."planId", pl.name, p."productId", pr.name`;

  type Acc = { label: string | null; amount: bigint; payments: number };
  const currencies = new Map<
    string,
    { total: Acc; byPlan: Map<string, Acc>; byProvider: Map<string, Acc> }
  >();
  const add = (
    map: Map<string, Acc>,
    key: string,
    label: string | null,
    amount: bigint,
    payments: number,
  ) => {
    const acc = map.get(key) ?? { label, amount: 0n, payments: 0 };
    acc.amount += amount;
    acc.payments += payments;
    map.set(key, acc);
  };
  for (const row of rows) {
    const entry = currencies.get(row.currency) ?? {
      total: { label: row.currency, amount: 0n, payments: 0 },
      byPlan: new Map<string, Acc>(),
      byProvider: new Map<string, Acc>(),
    };
    const amount = toBigInt(row.total);
    const payments = toCount(row.payments);
    entry.total.amount += amount;
    entry.total.payments += payments;
    const [key, label] = planSlice(row);
    add(entry.byPlan, key, label, amount, payments);
    add(entry.byProvider, row.provider, null, amount, payments);
    currencies.set(row.currency, entry);
  }

  const slices = (map: Map<string, Acc>) =>
    [...map.entries()]
      .map(([key, acc]) => ({
        key,
        label: acc.label,
        amount: toMinorAmount(acc.amount),
        payments: acc.payments,
      }))
      .sort((a, b) => compareMinor(b.amount, a.amount) || (a.label ?? a.key).localeCompare(b.label ?? b.key));
  return [...currencies.keys()].sort().map((currency) => {
    const entry = currencies.get(currency)!;
    return {
      currency,
      total: toMinorAmount(entry.total.amount),
      payments: entry.total.payments,
      byPlan: slices(entry.byPlan).map((slice) => ({ ...slice, kind: kindOf(slice.key) })),
      byProvider: slices(entry.byProvider).map((slice) => ({
        ...slice,
        provider: slice.key as PaymentProvider,
      })),
    };
  });
}

/** A slice of "by plan": its key and the name to show, null where the page words it. */
function planSlice(row: {
  purpose: string;
  planId: string | null;
  planName: string | null;
  productId: string | null;
  productName: string | null;
}): [key: string, label: string | null] {
  if (row.purpose === "subscription") return [`plan:${row.planId ?? "none"}`, row.planName];
  if (row.purpose === "product") return [`product:${row.productId ?? "none"}`, row.productName];
  return ["topup", null];
}

function kindOf(key: string): PaymentPurpose {
  return key.startsWith("plan:") ? "subscription" : key.startsWith("product:") ? "product" : "topup";
}

export interface StatusCounts {
  /** Payments created in the window, per status (every status present, 0 when none). */
  counts: Record<PaymentStatus, number>;
  total: number;
}

/** How the payments opened in the window (by createdAt) stand now. */
export async function paymentStatusCounts(options: {
  days: RevenueWindowDays;
  now?: Date;
}): Promise<StatusCounts> {
  const window = revenueWindow(options.days, options.now);
  const rows = await db.$queryRaw<{ status: PaymentStatus; count: bigint }[]>`
    SELECT p.status::text AS status, COUNT(*) AS count
    FROM "Payment" p
    WHERE p."createdAt" >= ${window.start} AND p."createdAt" < ${window.end}
    GROUP BY p.status`;
  const counts = Object.fromEntries(Object.values(PaymentStatus).map((status) => [status, 0])) as Record<
    PaymentStatus,
    number
  >;
  for (const row of rows) counts[row.status] = toCount(row.count);
  return { counts, total: Object.values(counts).reduce((sum, count) => sum + count, 0) };
}

export interface ActiveSubscriptions {
  /** Paid plans (catalog order) with their active, paid-up subscriptions; 0 when none. */
  plans: { planId: string; slug: string; name: string; count: number }[];
  /** Active subscriptions on the free plan. */
  free: number;
  /** On a paid plan whose period has ended but has not rolled over yet (that happens on next read). */
  lapsed: number;
}

/** Active subscriptions per plan: status active, paid plan, currentPeriodEnd after `now`. */
export async function activeSubscriptionsByPlan(options: { now?: Date } = {}): Promise<ActiveSubscriptions> {
  const now = options.now ?? new Date();
  const rows = await db.$queryRaw<
    { planId: string; slug: string; name: string; active: boolean; paidUp: bigint; ended: bigint }[]
  >`
    SELECT pl.id AS "planId", pl.slug, pl.name, pl.active,
           COUNT(s.id) FILTER (WHERE s."currentPeriodEnd" > ${now}) AS "paidUp",
           COUNT(s.id) FILTER (WHERE s."currentPeriodEnd" IS NULL OR s."currentPeriodEnd" <= ${now}) AS ended
    FROM "Plan" pl
    LEFT JOIN "Subscription" s ON s."planId" = pl.id AND s.status = 'active'::"SubscriptionStatus"
    GROUP BY pl.id
    ORDER BY pl."sortOrder", pl.name`;
  const result: ActiveSubscriptions = { plans: [], free: 0, lapsed: 0 };
  for (const row of rows) {
    const paidUp = toCount(row.paidUp);
    const ended = toCount(row.ended);
    if (row.slug === FREE_PLAN_SLUG) {
      result.free = paidUp + ended; // the free plan has no period end
      continue;
    }
    result.lapsed += ended;
    if (row.active || paidUp > 0)
      result.plans.push({ planId: row.planId, slug: row.slug, name: row.name, count: paidUp });
  }
  return result;
}

export interface CurrencyMrr {
  currency: string;
  /** Monthly recurring revenue, rounded half-up once to a whole minor unit. */
  amount: MinorAmount;
  /** The exact sum before rounding: numerator / denominator minor units. */
  exact: { numerator: string; denominator: string };
  subscriptions: number;
}

export interface MrrSummary {
  currencies: CurrencyMrr[];
  /** Active paid subscriptions with no completed payment for their plan (granted by hand). */
  unpriced: number;
}

/**
 * Monthly recurring revenue per currency of the active, paid-up subscriptions. Each one is priced
 * by its latest completed subscription payment for the plan it is on: amount / months a month
 * (a 12-month payment counts 1/12). The sum is kept exact as a fraction over lcm(months) and
 * rounded half-up once, per currency, at the end: 3 × 1001/12 is 250.25 → 250, where rounding
 * each subscription first would give 3 × 83 = 249.
 */
export async function mrrByCurrency(options: { now?: Date } = {}): Promise<MrrSummary> {
  const now = options.now ?? new Date();
  const rows = await db.$queryRaw<
    { currency: string | null; months: number | null; total: bigint | null; subscriptions: bigint }[]
  >`
    SELECT last.currency, last.months, SUM(last.amount) AS total, COUNT(*) AS subscriptions
    FROM "Subscription" s
    JOIN "Plan" pl ON pl.id = s."planId" AND pl.slug <> ${FREE_PLAN_SLUG}
    LEFT JOIN LATERAL (
      SELECT p.currency, GREATEST(COALESCE(p.months, 1), 1) AS months, p.amount
      FROM "Payment" p
      WHERE p."userId" = s."userId" AND p.purpose = 'subscription'::"PaymentPurpose"
        AND p."planId" = s."planId" AND p.status = 'completed'::"PaymentStatus"
      ORDER BY COALESCE(p."paidAt", p."createdAt") DESC, p.id DESC
      LIMIT 1
    ) last ON TRUE
    WHERE s.status = 'active'::"SubscriptionStatus" AND s."currentPeriodEnd" > ${now}
    GROUP BY last.currency, last.months`;

  let unpriced = 0;
  const perCurrency = new Map<string, { terms: { sum: bigint; months: bigint }[]; subscriptions: number }>();
  for (const row of rows) {
    if (row.currency === null || row.months === null) {
      unpriced += toCount(row.subscriptions);
      continue;
    }
    const entry = perCurrency.get(row.currency) ?? { terms: [], subscriptions: 0 };
    entry.terms.push({ sum: toBigInt(row.total), months: BigInt(row.months) });
    entry.subscriptions += toCount(row.subscriptions);
    perCurrency.set(row.currency, entry);
  }

  const currencies = [...perCurrency.keys()].sort().map((currency) => {
    const { terms, subscriptions } = perCurrency.get(currency)!;
    const denominator = terms.reduce((acc, term) => lcm(acc, term.months), 1n);
    const numerator = terms.reduce((acc, term) => acc + term.sum * (denominator / term.months), 0n);
    return {
      currency,
      amount: toMinorAmount(roundHalfUp(numerator, denominator)),
      exact: { numerator: numerator.toString(), denominator: denominator.toString() },
      subscriptions,
    };
  });
  return { currencies, unpriced };
}

/** n / d rounded to the nearest integer, halves away from zero (amounts here are never negative). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const sign = numerator < 0n ? -1n : 1n;
  const magnitude = numerator < 0n ? -numerator : numerator;
  return sign * ((2n * magnitude + denominator) / (2n * denominator));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

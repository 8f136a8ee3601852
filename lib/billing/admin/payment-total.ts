import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// How many payments match the table's filters. COUNT(*) over a million rows reads a million index
// entries on every page view, which is what keyset pagination exists to avoid. So: count at most
// `exactUpTo + 1` rows (cheap, and exact whenever the set is that small), and past that report the
// planner's estimate, flagged as such so the page can say "about".

export const EXACT_COUNT_LIMIT = 10_000;

export interface PaymentTotal {
  count: number;
  /** False: `count` is the planner's estimate (never below what was actually counted). */
  exact: boolean;
}

export async function countPayments(where: Prisma.Sql, exactUpTo = EXACT_COUNT_LIMIT): Promise<PaymentTotal> {
  const [capped] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM (SELECT 1 FROM "Payment" p WHERE ${where} LIMIT ${exactUpTo + 1}) capped`;
  const counted = capped?.count ?? 0;
  if (counted <= exactUpTo) return { count: counted, exact: true };
  return { count: Math.max(await estimateRows(where), counted), exact: false };
}

/**
 * The planner's row estimate for the filtered set: from pg_class.reltuples scaled to the table's
 * current size, times the filters' selectivities from the column statistics. Planning only,
 * nothing is read, so it costs the same at any table size.
 */
async function estimateRows(where: Prisma.Sql): Promise<number> {
  const [row] = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM "Payment" p WHERE ${where}`;
  return Math.round(row?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
}

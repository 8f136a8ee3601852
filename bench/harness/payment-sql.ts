import type pg from "pg";
import { decodePaymentCursor } from "@/lib/billing/admin/payment-cursor";
import { paymentFilterSql } from "@/lib/billing/admin/payment-filter-sql";
import type { PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { paymentRowsSql } from "@/lib/billing/admin/payment-rows";
import { EXACT_COUNT_LIMIT } from "@/lib/billing/admin/payment-total";
import { Prisma } from "@/lib/generated/prisma/client";
import { pgTimestamp } from "./stats";

// The admin payments table's SQL, run with raw node-postgres so that a page's database cost can
// be timed apart from Next.js and Prisma, next to the way the table used to be paged:
// - keyset: the app's own statements, `paymentRowsSql()` (the page, size + 1 rows after the
//   cursor) and the capped count of `countPayments()` (plus its EXPLAIN estimate when more than
//   EXACT_COUNT_LIMIT rows match), in parallel, as `listPayments()` runs them;
// - OFFSET + COUNT(*): the same page statement without a cursor, skipping `offset` rows, and a
//   full `COUNT(*)` over the same WHERE, also in parallel.

export interface PgStatement {
  text: string;
  values: unknown[];
}

/**
 * A Prisma.Sql as node-postgres text and values. Dates become UTC "YYYY-MM-DD HH:MM:SS.mmm", as
 * Prisma sends them: node-postgres would send local time with an offset, which a cast to
 * `timestamp` (without time zone) silently drops.
 */
export function toPg(sql: Prisma.Sql): PgStatement {
  return {
    text: sql.text,
    values: sql.values.map((value) => (value instanceof Date ? pgTimestamp(value) : value)),
  };
}

export interface KeysetStatements {
  page: PgStatement;
  cappedCount: PgStatement;
  estimate: PgStatement;
}

export interface OffsetStatements {
  page: PgStatement;
  count: PgStatement;
}

/** The WHERE clause as the app builds it (resolving a plan slug to its id, once, here). */
export function whereOf(query: PaymentListQuery): Promise<Prisma.Sql> {
  return paymentFilterSql(query);
}

export function keysetStatements(query: PaymentListQuery, where: Prisma.Sql): KeysetStatements {
  const after = query.cursor ? decodePaymentCursor(query.cursor, query.sort) : null;
  return {
    page: toPg(
      paymentRowsSql({
        where,
        sort: query.sort,
        dir: query.dir,
        after,
        backwards: query.back,
        limit: query.size + 1,
      }),
    ),
    // As in lib/billing/admin/payment-total.ts (countPayments, estimateRows).
    cappedCount: toPg(
      Prisma.sql`SELECT count(*)::int AS count FROM (SELECT 1 FROM "Payment" p WHERE ${where} LIMIT ${EXACT_COUNT_LIMIT + 1}) capped`,
    ),
    estimate: toPg(Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Payment" p WHERE ${where}`),
  };
}

/** The same page as the app shows, fetched with OFFSET, and the full count beside it. */
export function offsetStatements(
  query: PaymentListQuery,
  where: Prisma.Sql,
  offset: number,
): OffsetStatements {
  const page = paymentRowsSql({
    where,
    sort: query.sort,
    dir: query.dir,
    after: null,
    backwards: false,
    limit: query.size,
  });
  return {
    page: toPg(Prisma.sql`${page} OFFSET ${offset}`),
    count: toPg(Prisma.sql`SELECT count(*)::int AS count FROM "Payment" p WHERE ${where}`),
  };
}

export interface PageResult {
  ids: string[];
  total: number;
  exact: boolean;
}

/** One keyset page as listPayments() fetches it: the page and the (capped) total, in parallel. */
export async function runKeyset(
  pool: pg.Pool,
  statements: KeysetStatements,
  query: PaymentListQuery,
): Promise<PageResult> {
  const [page, total] = await Promise.all([
    pool.query<{ id: string }>(statements.page.text, statements.page.values),
    (async () => {
      const capped = await pool.query<{ count: number }>(
        statements.cappedCount.text,
        statements.cappedCount.values,
      );
      const counted = capped.rows[0]?.count ?? 0;
      if (counted <= EXACT_COUNT_LIMIT) return { total: counted, exact: true };
      const plan = await pool.query<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }>(
        statements.estimate.text,
        statements.estimate.values,
      );
      const estimate = Math.round(plan.rows[0]?.["QUERY PLAN"][0].Plan["Plan Rows"] ?? 0);
      return { total: Math.max(estimate, counted), exact: false };
    })(),
  ]);
  const ids = page.rows.slice(0, query.size).map((row) => row.id);
  if (query.back) ids.reverse();
  return { ids, ...total };
}

/** One page the OFFSET way: the page and COUNT(*), in parallel. */
export async function runOffset(pool: pg.Pool, statements: OffsetStatements): Promise<PageResult> {
  const [page, count] = await Promise.all([
    pool.query<{ id: string }>(statements.page.text, statements.page.values),
    pool.query<{ count: number }>(statements.count.text, statements.count.values),
  ]);
  return { ids: page.rows.map((row) => row.id), total: count.rows[0]?.count ?? 0, exact: true };
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement, as text lines. */
export async function explainAnalyze(pool: pg.Pool, statement: PgStatement): Promise<string[]> {
  const result = await pool.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.values,
  );
  return result.rows.map((row) => row["QUERY PLAN"]);
}

/** The statement with its values written in, for the report (not for running). */
export function inlineSql(statement: PgStatement): string {
  return statement.text
    .replace(/\$(\d+)/g, (_, index: string) => {
      const value = statement.values[Number(index) - 1];
      return typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
    })
    .replace(/\s+/g, " ")
    .trim();
}

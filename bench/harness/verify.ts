import type pg from "pg";
import { addMonths } from "@/lib/billing/calendar";
import type { Fixture } from "./fixtures";
import { BENCH_TAG } from "./statements";
import { type LatencySummary, summarize } from "./stats";

// Exactly-once, checked in the database after a run: every payment completed once, one
// "completed" event each, each subscription extended by exactly one period, and the inbox holding
// one row per delivery sent: N applied, the rest duplicates, nothing else.

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface Verification {
  pass: boolean;
  checks: Check[];
}

export async function countDeliveries(pool: pg.Pool): Promise<number> {
  const result = await pool.query<{ count: string }>(`SELECT count(*) FROM "WebhookDelivery"`);
  return Number(result.rows[0]?.count ?? 0);
}

export async function verifyExactlyOnce(
  pool: pg.Pool,
  options: {
    fixtures: readonly Fixture[];
    copies: number;
    deliveriesBefore: number;
    sent: number;
    /** Extra checks computed by the caller (HTTP statuses, answers). */
    extra?: Check[];
  },
): Promise<Verification> {
  const ids = options.fixtures.map((fixture) => fixture.paymentId);
  const n = ids.length;
  const checks: Check[] = [...(options.extra ?? [])];
  const check = (name: string, pass: boolean, detail: string) => checks.push({ name, pass, detail });

  check(
    "every delivery sent",
    options.sent === n * options.copies,
    `${options.sent} of ${n * options.copies}`,
  );

  const statuses = await pool.query<{ status: string; count: string }>(
    `SELECT status::text, count(*) FROM "Payment" WHERE id = ANY($1) GROUP BY status`,
    [ids],
  );
  const completed = Number(statuses.rows.find((row) => row.status === "completed")?.count ?? 0);
  check(
    "every payment completed",
    completed === n,
    statuses.rows.map((row) => `${row.status}=${row.count}`).join(", ") || "none",
  );

  const events = await pool.query<{ once: string; more: string; payments: string }>(
    `SELECT count(*) FILTER (WHERE c = 1) AS once, count(*) FILTER (WHERE c > 1) AS more, count(*) AS payments
     FROM (SELECT "paymentId", count(*) AS c FROM "PaymentEvent"
           WHERE "paymentId" = ANY($1) AND "toStatus" = 'completed' GROUP BY "paymentId") per_payment`,
    [ids],
  );
  const once = Number(events.rows[0]?.once ?? 0);
  const more = Number(events.rows[0]?.more ?? 0);
  check(
    "one completed event per payment",
    once === n && more === 0,
    `${once} once, ${more} more than once, of ${n}`,
  );

  const subscriptions = await pool.query<{
    paid_at: string | null;
    end: string | null;
    months: number;
    same_plan: boolean;
  }>(
    `SELECT to_char(p."paidAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS paid_at,
            to_char(s."currentPeriodEnd", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS end,
            p.months, s."planId" = p."planId" AS same_plan
     FROM "Payment" p JOIN "Subscription" s ON s."userId" = p."userId" WHERE p.id = ANY($1)`,
    [ids],
  );
  let extendedOnce = 0;
  const wrong: string[] = [];
  for (const row of subscriptions.rows) {
    const expected = row.paid_at ? addMonths(new Date(row.paid_at), row.months).toISOString() : null;
    if (row.same_plan && expected !== null && row.end === expected) extendedOnce++;
    else if (wrong.length < 3)
      wrong.push(`paid ${row.paid_at}, ends ${row.end}, plan ${row.same_plan ? "ok" : "wrong"}`);
  }
  check(
    "each subscription extended exactly once (end = paidAt + months)",
    extendedOnce === n,
    `${extendedOnce} of ${n}${wrong.length ? `; e.g. ${wrong.join("; ")}` : ""}`,
  );

  const total = (await countDeliveries(pool)) - options.deliveriesBefore;
  const outcomes = await pool.query<{ outcome: string; count: string }>(
    `SELECT outcome::text, count(*) FROM "WebhookDelivery" WHERE "paymentId" = ANY($1) GROUP BY outcome`,
    [ids],
  );
  const byOutcome = Object.fromEntries(outcomes.rows.map((row) => [row.outcome, Number(row.count)]));
  const applied = byOutcome.applied ?? 0;
  const duplicate = byOutcome.duplicate ?? 0;
  check(
    "inbox: one row per delivery, N applied, (copies-1)·N duplicate",
    total === options.sent &&
      applied === n &&
      duplicate === (options.copies - 1) * n &&
      applied + duplicate === total,
    `${total} rows for ${options.sent} sent; ${Object.entries(byOutcome)
      .map(([outcome, count]) => `${outcome}=${count}`)
      .join(", ")}`,
  );

  const linked = await pool.query<{ count: string }>(
    `SELECT count(*) FROM "PaymentEvent" e JOIN "WebhookDelivery" d ON d.id = e."deliveryId"
     WHERE e."paymentId" = ANY($1) AND e."toStatus" = 'completed' AND d.outcome = 'applied' AND d."paymentId" = e."paymentId"`,
    [ids],
  );
  const linkedCount = Number(linked.rows[0]?.count ?? 0);
  check(
    "each completion linked to the delivery that applied it",
    linkedCount === n,
    `${linkedCount} of ${n}`,
  );

  return { pass: checks.every((c) => c.pass), checks };
}

/**
 * Waits until every payment is `completed` and none of their deliveries is still `received` (the
 * worker has decided on each), polling every 100 ms for at most `timeoutMs`.
 */
export async function waitUntilApplied(
  pool: pg.Pool,
  paymentIds: readonly string[],
  timeoutMs: number,
): Promise<{ done: boolean; open: number; waiting: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await pool.query<{ open: string; waiting: string }>(
      `SELECT ${BENCH_TAG} (SELECT count(*) FROM "Payment" WHERE id = ANY($1) AND status <> 'completed') AS open,
              (SELECT count(*) FROM "WebhookDelivery" WHERE "paymentId" = ANY($1) AND outcome = 'received') AS waiting`,
      [paymentIds],
    );
    const open = Number(result.rows[0]?.open ?? 0);
    const waiting = Number(result.rows[0]?.waiting ?? 0);
    if ((open === 0 && waiting === 0) || Date.now() > deadline)
      return { done: open + waiting === 0, open, waiting };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** When each payment was applied: its `completed` event's createdAt (written by the app), epoch ms. */
export async function appliedTimes(
  pool: pg.Pool,
  paymentIds: readonly string[],
): Promise<Map<string, number>> {
  const result = await pool.query<{ paymentId: string; at: number }>(
    `SELECT "paymentId", (extract(epoch FROM min("createdAt")) * 1000)::float8 AS at
     FROM "PaymentEvent" WHERE "paymentId" = ANY($1) AND "toStatus" = 'completed' GROUP BY "paymentId"`,
    [paymentIds],
  );
  return new Map(result.rows.map((row) => [row.paymentId, row.at]));
}

/**
 * Duplicates by where they were closed (acknowledge-first code): by the recording statement, for a
 * payment already settled (processedAt = receivedAt), or by the worker, which found the payment
 * applied under its row lock (recorded `received` while it was pending, closed later).
 */
export async function duplicateKinds(
  pool: pg.Pool,
  paymentIds: readonly string[],
): Promise<{ settled: number; early: number }> {
  const result = await pool.query<{ settled: string; early: string }>(
    `SELECT count(*) FILTER (WHERE "processedAt" = "receivedAt") AS settled,
            count(*) FILTER (WHERE "processedAt" > "receivedAt") AS early
     FROM "WebhookDelivery" WHERE "paymentId" = ANY($1) AND outcome = 'duplicate'`,
    [paymentIds],
  );
  return { settled: Number(result.rows[0]?.settled ?? 0), early: Number(result.rows[0]?.early ?? 0) };
}

export interface WorkerBatches {
  batches: number;
  paymentsPerBatch: number;
  /** Per batch: pg-boss's fetch (started_on) to the worker's complete (completed_on), ms. */
  batchMs: LatencySummary;
  /** The batches' durations added up, and first fetch → last complete, s. */
  busySeconds: number;
  spanSeconds: number;
}

/**
 * The worker's batches for these payments, from pg-boss's own job rows: the jobs one fetch took
 * share their started_on; completed_on is when the worker settled them. Null when none ran.
 */
export async function workerBatches(
  pool: pg.Pool,
  queue: string,
  paymentIds: readonly string[],
): Promise<WorkerBatches | null> {
  const result = await pool.query<{ started: number; completed: number | null; jobs: string }>(
    `SELECT (extract(epoch FROM started_on) * 1000)::float8 AS started,
            (extract(epoch FROM max(completed_on)) * 1000)::float8 AS completed, count(*) AS jobs
     FROM pgboss.job WHERE name = $1 AND data->>'paymentId' = ANY($2) AND started_on IS NOT NULL
     GROUP BY started_on ORDER BY started_on`,
    [queue, paymentIds],
  );
  const rows = result.rows.filter((row) => row.completed !== null);
  if (rows.length === 0) return null;
  const durations = rows.map((row) => (row.completed ?? row.started) - row.started);
  const jobs = rows.reduce((sum, row) => sum + Number(row.jobs), 0);
  return {
    batches: rows.length,
    paymentsPerBatch: Math.round((jobs / rows.length) * 10) / 10,
    batchMs: summarize(durations),
    busySeconds: Math.round(durations.reduce((sum, ms) => sum + ms, 0) / 10) / 100,
    spanSeconds:
      Math.round((Math.max(...rows.map((row) => row.completed ?? 0)) - (rows[0]?.started ?? 0)) / 10) / 100,
  };
}

import { Gauge, Registry } from "prom-client";
import { db } from "@/lib/db";
import { PaymentStatus } from "@/lib/generated/prisma/enums";
import { QUEUES } from "@/lib/jobs/queue";
import { logger } from "@/lib/log";

// The metrics that are state, not events: read from the database when Prometheus scrapes, so every
// instance reports the same truth however many there are and whatever restarted. Two grouped
// counts, each bounded: payments by status walks the (status, createdAt, id) index only
// (Payment_status_createdAt_id_idx), and the queue count reads only waiting and running jobs of
// our queues. Both run under a 2 s statement timeout, and a result is reused for CACHE_MS so
// that several scrapers (or a short scrape interval) cost one query.

const CACHE_MS = 10_000;
const STATEMENT_TIMEOUT_MS = 2_000;
/** pg-boss 10 job states that are "in the queue": waiting, waiting for a retry, being worked. */
const QUEUED_STATES = ["created", "retry", "active"] as const;

let cached: { at: number; values: Promise<unknown[]> } | undefined;

/** The state metrics, as getMetricsAsJSON() gives them (for AggregatorRegistry.aggregate). */
export function stateMetrics(now = Date.now()): Promise<unknown[]> {
  if (!cached || now - cached.at > CACHE_MS) cached = { at: now, values: readState() };
  return cached.values;
}

/** Forgets the cached values (tests). */
export function forgetStateMetrics(): void {
  cached = undefined;
}

async function readState(): Promise<unknown[]> {
  const registry = new Registry();
  const up = new Gauge({
    name: "billing_metrics_database_up",
    help: "1 when the scrape could read the state metrics (payments, job queue) from the database, else 0.",
    registers: [registry],
  });
  const payments = new Gauge({
    name: "billing_payments",
    help: "Payments in the database, by status.",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const jobs = new Gauge({
    name: "billing_job_queue_jobs",
    help: "Jobs waiting (created), waiting for a retry (retry) or being worked (active), by queue.",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
  });
  try {
    const { byStatus, byQueue } = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
      const byStatus = await tx.$queryRaw<{ status: string; count: number }[]>`
        SELECT status::text AS status, count(*)::int AS count FROM "Payment" GROUP BY status`;
      const byQueue = await tx.$queryRaw<{ queue: string; state: string; count: number }[]>`
        SELECT name AS queue, state::text AS state, count(*)::int AS count FROM pgboss.job
        WHERE name = ANY(${Object.values(QUEUES)}::text[]) AND state::text = ANY(${[...QUEUED_STATES]}::text[])
        GROUP BY name, state`;
      return { byStatus, byQueue };
    });
    // Every status and every queue appears, at 0 when empty: a series that vanishes reads as "no data".
    for (const status of Object.values(PaymentStatus)) payments.set({ status }, 0);
    for (const row of byStatus) payments.set({ status: row.status }, row.count);
    for (const queue of Object.values(QUEUES))
      for (const state of QUEUED_STATES) jobs.set({ queue, state }, 0);
    for (const row of byQueue) jobs.set({ queue: row.queue, state: row.state }, row.count);
    up.set(1);
  } catch (error) {
    logger("metrics").error({ err: error }, "metrics: could not read payments and queue state");
    up.set(0);
  }
  return registry.getMetricsAsJSON();
}

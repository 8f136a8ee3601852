import type pg from "pg";
import { expect } from "vitest";
import { completedCount, exactlyOnceReport, receivedCount } from "./exactly-once";
import { until } from "./harness";

/**
 * After a fault: waits until every payment is completed and none of its deliveries is left
 * `received`, then checks each was applied exactly once, whatever copies the senders' retries
 * left on record (a delivery recorded whose answer was lost is sent again, and is a duplicate).
 * On timeout, says which deliveries are stuck and what the job queue holds for their payments.
 */
export async function expectAppliedExactlyOnce(
  client: pg.Client,
  paymentIds: string[],
  options: { timeoutMs: number },
): Promise<{ deliveries: number; appliedAfterMs: number }> {
  const started = Date.now();
  try {
    await until(
      "every payment completed and no delivery left received",
      async () =>
        (await completedCount(client, paymentIds)) === paymentIds.length &&
        (await receivedCount(client, paymentIds)) === 0,
      options.timeoutMs,
      500,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await stuckReport(client, paymentIds)}`);
  }
  const report = await exactlyOnceReport(client, paymentIds);
  const deliveries = Object.values(report.deliveriesByOutcome).reduce((a, b) => a + b, 0);
  expect(report).toEqual({
    payments: paymentIds.length,
    byStatus: { completed: paymentIds.length },
    completionsNotOne: {},
    subscriptionEventsNotOne: {},
    paidPeriodsNotOne: {},
    appliedDeliveriesNotOne: {},
    deliveriesByOutcome:
      deliveries > paymentIds.length
        ? { applied: paymentIds.length, duplicate: deliveries - paymentIds.length }
        : { applied: paymentIds.length },
    eventIdsTwice: 0,
  });
  return { deliveries, appliedAfterMs: Date.now() - started };
}

async function stuckReport(client: pg.Client, paymentIds: string[]): Promise<string> {
  const { rows: payments } = await client.query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM "Payment" WHERE id = ANY($1) GROUP BY 1`,
    [paymentIds],
  );
  const { rows: stuck } = await client.query<{
    id: string;
    paymentId: string;
    receivedAt: Date;
    attempts: number;
    error: string | null;
  }>(
    `SELECT id, "paymentId", "receivedAt", attempts, error FROM "WebhookDelivery"
     WHERE "paymentId" = ANY($1) AND outcome = 'received' ORDER BY "receivedAt" LIMIT 20`,
    [paymentIds],
  );
  const { rows: jobs } = await client.query<{
    singleton_key: string;
    state: string;
    retry_count: number;
    started_on: Date | null;
    expire_in: unknown;
    output: unknown;
  }>(
    `SELECT singleton_key, state::text, retry_count, started_on, expire_in::text, output FROM pgboss.job
     WHERE name = 'webhook-apply' AND singleton_key = ANY($1) AND state <> 'completed'
     ORDER BY created_on LIMIT 20`,
    [stuck.map((row) => row.paymentId)],
  );
  return [
    `payments by status: ${JSON.stringify(payments)}`,
    `deliveries still received (first 20): ${JSON.stringify(stuck)}`,
    `their payments' unfinished webhook-apply jobs: ${JSON.stringify(jobs)}`,
  ].join("\n");
}

import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { insertJobsSql, QUEUES } from "@/lib/jobs/queue";

// A delivery is recorded and its job queued in one statement, and a worker that dies mid-job has
// its job expired and retried by pg-boss. What is left, for this sweep, is a delivery still
// `received` long after it arrived with no job waiting, retrying or running for its payment:
// - its payment's last job was failed by pg-boss itself (the worker died or timed out on the
//   last try, so our handler never recorded it): the delivery is failed, for an admin to see;
// - otherwise (a queue not installed yet, a job deleted by hand, a bug) one job per payment is
//   queued again; the worker's apply is idempotent, so a delivery handled meanwhile is a no-op.

/** Older than this, a received delivery whose payment has no live job is stuck. */
export const STUCK_AFTER_SECONDS = 300;
const BATCH = 500;

export async function requeueStuckDeliveries(
  now = new Date(),
): Promise<{ requeued: number; failed: number }> {
  const cutoff = new Date(now.getTime() - STUCK_AFTER_SECONDS * 1000);
  const [row] = await db.$queryRaw<{ requeued: number; failed: number }[]>`
    WITH stuck AS (
      SELECT d.id, d."paymentId", d."receivedAt"
      FROM "WebhookDelivery" d
      WHERE d.outcome = 'received' AND d."receivedAt" < ${cutoff} AND d."paymentId" IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM pgboss.job j
          WHERE j.name = ${QUEUES.webhook} AND j.singleton_key = d."paymentId"
            AND j.state IN ('created', 'retry', 'active')
        )
      LIMIT ${BATCH}
    ), last_job AS (
      SELECT DISTINCT ON (j.singleton_key) j.singleton_key, j.state, j.created_on
      FROM pgboss.job j
      WHERE j.name = ${QUEUES.webhook} AND j.singleton_key IN (SELECT "paymentId" FROM stuck)
      ORDER BY j.singleton_key, j.created_on DESC
    ), abandoned AS (
      SELECT s.id FROM stuck s JOIN last_job l ON l.singleton_key = s."paymentId"
      WHERE l.state = 'failed' AND (s."receivedAt" AT TIME ZONE 'UTC') <= l.created_on
    ), gave_up AS (
      UPDATE "WebhookDelivery" SET outcome = 'failed', "processedAt" = ${now},
        error = 'gave up: the queue''s last try ended without an answer (the worker died or timed out)'
      WHERE id IN (SELECT id FROM abandoned) AND outcome = 'received'
      RETURNING id
    ), again AS (
      SELECT DISTINCT "paymentId" FROM stuck WHERE id NOT IN (SELECT id FROM abandoned)
    ), job AS (
      ${insertJobsSql(QUEUES.webhook, "again", Prisma.sql`jsonb_build_object('paymentId', "paymentId")`, Prisma.sql`"paymentId"`)}
    )
    SELECT (SELECT count(*)::int FROM again) AS requeued, (SELECT count(*)::int FROM gave_up) AS failed`;
  return { requeued: row?.requeued ?? 0, failed: row?.failed ?? 0 };
}

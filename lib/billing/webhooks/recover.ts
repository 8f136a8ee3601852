import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { insertJobsSql, QUEUES } from "@/lib/jobs/queue";

// A delivery is recorded and its job queued in one statement, and a worker that dies mid-job has
// its job expired and retried by pg-boss. What is left: a delivery still `received` long after it
// arrived with no job waiting, retrying or running for its payment (a queue that was not
// installed yet, a job deleted by hand, a bug). The sweep queues one job per such payment again;
// the worker's apply is idempotent, so a delivery handled meanwhile is a no-op.

/** Older than this, a received delivery whose payment has no live job is stuck. */
export const STUCK_AFTER_SECONDS = 300;
const BATCH = 500;

export async function requeueStuckDeliveries(now = new Date()): Promise<{ stuck: number }> {
  const cutoff = new Date(now.getTime() - STUCK_AFTER_SECONDS * 1000);
  const [row] = await db.$queryRaw<{ stuck: number }[]>`
    WITH stuck AS (
      SELECT DISTINCT d."paymentId"
      FROM "WebhookDelivery" d
      WHERE d.outcome = 'received' AND d."receivedAt" < ${cutoff} AND d."paymentId" IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM pgboss.job j
          WHERE j.name = ${QUEUES.webhook} AND j.singleton_key = d."paymentId"
            AND j.state IN ('created', 'retry', 'active')
        )
      LIMIT ${BATCH}
    ), job AS (
      ${insertJobsSql(QUEUES.webhook, "stuck", Prisma.sql`jsonb_build_object('paymentId', "paymentId")`, Prisma.sql`"paymentId"`)}
    )
    SELECT count(*)::int AS stuck FROM stuck`;
  return { stuck: row?.stuck ?? 0 };
}

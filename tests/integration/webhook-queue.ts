import { afterAll } from "vitest";
import type PgBoss from "pg-boss";
import { createBoss, QUEUES } from "@/lib/jobs/queue";
import { handleWebhookJobs, WEBHOOK_BATCH_SIZE, type WebhookJob } from "@/lib/jobs/webhooks";

// Deliveries are applied by the worker after the route has answered. Tests that look at what a
// delivery did run the queued jobs through the worker's own handler, from the real queue, until
// none is waiting (a job waiting for its retry is not taken). Tests of the worker process itself
// start it with startWorkers().

let boss: PgBoss | undefined;

async function queue(): Promise<PgBoss> {
  if (!boss) {
    boss = createBoss(process.env.DATABASE_URL!);
    boss.on("error", (error) => console.error("test job queue:", error.message));
    await boss.start();
  }
  return boss;
}

afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  boss = undefined;
});

/** Runs every waiting webhook job through the worker's handler; returns how many ran. */
export async function drainWebhookQueue(): Promise<number> {
  const current = await queue();
  let ran = 0;
  for (;;) {
    const jobs = (await current.fetch<{ paymentId: string }>(QUEUES.webhook, {
      batchSize: WEBHOOK_BATCH_SIZE,
      includeMetadata: true,
    })) as WebhookJob[];
    if (jobs.length === 0) return ran;
    // What pg-boss's work() does after the handler: complete the jobs that did not fail.
    const done = await handleWebhookJobs(current, jobs);
    if (done.length > 0) await current.complete(QUEUES.webhook, done);
    ran += jobs.length;
  }
}

/**
 * POSTs a delivery to the webhook route as a provider does, then waits for the worker to apply
 * what was queued. `json` is the route's answer; `outcome` what became of the delivery: applied,
 * duplicate…, or still `received` when its job is waiting for a retry (null for a refused call).
 */
export async function deliverAndApply(request: Request) {
  const { POST } = await import("@/app/api/webhook/payment/route");
  const response = await POST(request);
  const json = (await response.json()) as Record<string, unknown>;
  const id = typeof json.delivery === "string" ? json.delivery : null;
  return { status: response.status, json, outcome: id ? await settledOutcome(id) : null };
}

/** The delivery's outcome once no job of its payment is waiting or running (another test's drain may hold it). */
async function settledOutcome(deliveryId: string) {
  const { db } = await import("@/lib/db");
  const deadline = Date.now() + 10_000;
  for (;;) {
    await drainWebhookQueue();
    const row = await db.webhookDelivery.findUniqueOrThrow({
      where: { id: deliveryId },
      select: { outcome: true, paymentId: true },
    });
    if (row.outcome !== "received" || !row.paymentId) return row.outcome;
    const [pending] = await db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM pgboss.job
      WHERE name = ${QUEUES.webhook} AND singleton_key = ${row.paymentId} AND state IN ('created', 'active')`;
    if (!pending?.count || Date.now() > deadline) return row.outcome;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

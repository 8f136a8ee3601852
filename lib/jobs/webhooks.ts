import type PgBoss from "pg-boss";
import { processPayments } from "@/lib/billing/webhooks/process";
import { QUEUES } from "@/lib/jobs/queue";

// The worker that applies webhook deliveries: jobs come in batches (one per payment, queued by the
// statement that recorded the delivery), and each payment succeeds or fails on its own: each job
// is completed or failed explicitly, so pg-boss retries only the failed ones, with backoff. The
// handler itself never throws, since pg-boss would then fail the whole batch.

const BATCH_SIZE = 25;

export type WebhookJob = PgBoss.JobWithMetadata<{ paymentId: string }>;

export async function startWebhookWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await boss.work<{ paymentId: string }>(
    QUEUES.webhook,
    {
      batchSize: BATCH_SIZE,
      includeMetadata: true,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    (jobs) => handleWebhookJobs(boss, jobs),
  );
}

/** Applies one batch and settles each job: completed, or failed with the reason (then retried). */
export async function handleWebhookJobs(boss: PgBoss, jobs: WebhookJob[]): Promise<void> {
  const lastTry = new Map(jobs.map((job) => [job.data.paymentId, job.retryCount >= job.retryLimit]));
  const results = await processPayments(
    jobs.map((job) => job.data.paymentId),
    { lastTry: (paymentId) => lastTry.get(paymentId) ?? false },
  ).catch((error: unknown) => {
    console.error("webhook batch failed", error);
    return new Map(jobs.map((job) => [job.data.paymentId, "internal error while applying the batch"]));
  });
  const failed = jobs.filter((job) => results.get(job.data.paymentId));
  const done = jobs.filter((job) => !results.get(job.data.paymentId));
  if (done.length > 0)
    await boss.complete(
      QUEUES.webhook,
      done.map((job) => job.id),
    );
  for (const job of failed) {
    await boss.fail(QUEUES.webhook, job.id, { message: results.get(job.data.paymentId) });
  }
}

export const WEBHOOK_BATCH_SIZE = BATCH_SIZE;

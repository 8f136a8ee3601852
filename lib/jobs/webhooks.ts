import pg from "pg";
import type PgBoss from "pg-boss";
import { processPayments } from "@/lib/billing/webhooks/process";
import { QUEUES, WEBHOOK_WAKE_CHANNEL } from "@/lib/jobs/queue";
import { countJobFailures } from "@/lib/metrics/record";
import { elapsed, logger } from "@/lib/log";

// The worker that applies webhook deliveries: jobs come in batches (one per payment, queued by the
// statement that recorded the delivery), and each payment succeeds or fails on its own: a job
// whose payment failed is failed explicitly, so pg-boss retries only those, with backoff. The
// handler itself never throws, since pg-boss would then fail the whole batch.
//
// pg-boss 10 polls (every 0.5 s here); the statement that records a delivery also NOTIFYs, and a
// LISTEN connection wakes the worker at once, so a delivery is applied milliseconds after it is
// acknowledged. Polling stays the fallback: a lost connection only costs latency.

const BATCH_SIZE = 25;

const jobLog = logger("jobs");
const RECONNECT_MS = 1_000;

export type WebhookJob = PgBoss.JobWithMetadata<{ paymentId: string }>;

export async function startWebhookWorker(
  boss: PgBoss,
  connectionString: string,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<{ stop(): Promise<void> }> {
  const workerId = await boss.work<{ paymentId: string }>(
    QUEUES.webhook,
    {
      batchSize: BATCH_SIZE,
      includeMetadata: true,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    async (jobs) => {
      await handleWebhookJobs(boss, jobs);
    },
  );
  return listenForWakeUps(connectionString, () => boss.notifyWorker(workerId));
}

function listenForWakeUps(connectionString: string, wake: () => void): { stop(): Promise<void> } {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    const current = new pg.Client({ connectionString, application_name: "billing-webhook-wake" });
    client = current;
    current.on("notification", wake);
    current.on("error", (error) => {
      jobLog.warn({ err: error }, "webhook wake-ups: connection lost, polling meanwhile");
      void current.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS);
    });
    await current.connect();
    await current.query(`LISTEN ${WEBHOOK_WAKE_CHANNEL}`);
  };
  connect().catch((error: unknown) => {
    jobLog.warn({ err: error }, "webhook wake-ups unavailable, polling");
    if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS);
  });
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}

/** Applies one batch and fails the jobs whose payment failed (then retried); returns the others. */
export async function handleWebhookJobs(boss: PgBoss, jobs: WebhookJob[]): Promise<string[]> {
  // A payment can have two jobs (one waiting for its retry, one queued since): it is applied
  // once, and given up only when none of its jobs has a try left.
  const started = performance.now();
  const paymentIds = [...new Set(jobs.map((job) => job.data.paymentId))];
  const lastTry = (paymentId: string) =>
    jobs.filter((job) => job.data.paymentId === paymentId).every((job) => job.retryCount >= job.retryLimit);
  const results = await processPayments(paymentIds, { lastTry }).catch((error: unknown) => {
    jobLog.error({ queue: QUEUES.webhook, jobs: jobs.length, err: error }, "webhook batch failed");
    return new Map(paymentIds.map((id) => [id, "internal error while applying the batch"]));
  });
  const failed = jobs.filter((job) => results.get(job.data.paymentId));
  for (const job of failed) {
    await boss.fail(QUEUES.webhook, job.id, { message: results.get(job.data.paymentId) });
  }
  countJobFailures(QUEUES.webhook, failed.length);
  // One line per job; `ms` is its batch's (payments in a batch are applied together).
  const ms = elapsed(started);
  for (const job of jobs) {
    const error = results.get(job.data.paymentId);
    const line = {
      queue: QUEUES.webhook,
      jobId: job.id,
      paymentId: job.data.paymentId,
      batch: jobs.length,
      ms,
    };
    if (error) jobLog.warn({ ...line, outcome: "failed", retry: job.retryCount, reason: error }, "job");
    else jobLog.info({ ...line, outcome: "completed" }, "job");
  }
  // The rest are completed by pg-boss's work() when this returns (it completes only active jobs,
  // so the failed ones keep their retry); completing them here too was a second UPDATE per batch.
  return jobs.filter((job) => !results.get(job.data.paymentId)).map((job) => job.id);
}

export const WEBHOOK_BATCH_SIZE = BATCH_SIZE;

import type PgBoss from "pg-boss";
import { QUEUES } from "@/lib/jobs/queue";
import { deliverNotification, TemporaryDeliveryError } from "@/lib/jobs/telegram";
import { countJobFailures, countNotificationSend } from "@/lib/metrics/record";
import { elapsed, logger } from "@/lib/log";

// The worker that sends Telegram notifications. pg-boss 10 fetches a batch per polling interval,
// so one job per fetch sent one message a second per worker (about 1.4/s measured before); a
// batch is sent by a few lanes in parallel instead, paced to Telegram's limits in the database
// (lib/jobs/telegram-pacing.ts: 30 a second for the bot, one a second per chat, on every instance
// together). Each job succeeds or fails on its own: a failed one is failed explicitly, so pg-boss
// retries only it, with backoff; the handler never throws (pg-boss would fail the whole batch).

/** A second's worth of messages at Telegram's pace. */
const BATCH_SIZE = 30;
/**
 * Messages in flight at once: enough for 30 a second at ~100–200 ms a round trip to Telegram, and
 * a small share of the database pool (each holds a connection while it sends).
 */
const LANES = 6;

type NotificationJob = PgBoss.JobWithMetadata<{ notificationId: string }>;

export async function startNotificationWorker(
  boss: PgBoss,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<void> {
  await boss.work<{ notificationId: string }>(
    QUEUES.telegram,
    {
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      batchSize: BATCH_SIZE,
      includeMetadata: true,
    },
    (jobs) => sendBatch(boss, jobs),
  );
}

const jobLog = logger("jobs");

async function sendBatch(boss: PgBoss, jobs: NotificationJob[]): Promise<void> {
  const waiting = [...jobs];
  const lane = async () => {
    for (let job = waiting.shift(); job; job = waiting.shift()) {
      const started = performance.now();
      const line = { queue: QUEUES.telegram, jobId: job.id, notificationId: job.data.notificationId };
      try {
        const result = await deliverNotification(job.data.notificationId, {
          lastTry: job.retryCount >= job.retryLimit,
        });
        countNotificationSend(result);
        jobLog.info({ ...line, outcome: result, ms: elapsed(started) }, "job");
      } catch (error) {
        countNotificationSend(error instanceof TemporaryDeliveryError ? "retry" : "error");
        countJobFailures(QUEUES.telegram);
        // Completed by work() when the batch returns unless failed here: then retried, with backoff.
        const message = error instanceof Error ? error.message : String(error);
        jobLog.warn(
          { ...line, outcome: "failed", retry: job.retryCount, ms: elapsed(started), err: error },
          "job",
        );
        await boss.fail(QUEUES.telegram, job.id, { message }).catch((failure: unknown) => {
          jobLog.error(
            { ...line, err: failure },
            "notification: could not record a failed delivery for retry",
          );
        });
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
}

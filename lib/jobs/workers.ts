import { createBoss, ensureQueues } from "@/lib/jobs/queue";
import { startNotificationWorker } from "@/lib/jobs/notification-worker";
import { startWebhookWorker } from "@/lib/jobs/webhooks";
import { startSweeps } from "@/lib/jobs/schedules";
import { logger } from "@/lib/log";

// The job workers. They run inside the app process by default, on a thread of their own
// (lib/jobs/worker-thread.ts), or as their own process with `npm run worker` when the app is
// scaled out (then set RUN_WORKERS=false for the app).

export interface Workers {
  /** Takes no new jobs, and waits for the ones in hand at most timeoutMs (then they are retried). */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startWorkers(
  connectionString: string,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<Workers> {
  const boss = createBoss(connectionString);
  boss.on("error", (error) => logger("jobs").error({ err: error }, "job queue error"));
  await boss.start();
  await ensureQueues(boss);
  await startNotificationWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  const webhooks = await startWebhookWorker(boss, connectionString, {
    pollingIntervalSeconds: options.pollingIntervalSeconds,
  });
  await startSweeps(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  return {
    async stop(timeoutMs = 10_000) {
      await webhooks.stop();
      await boss.stop({ graceful: true, wait: true, timeout: Math.max(1_000, timeoutMs) });
    },
  };
}

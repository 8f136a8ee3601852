import { createBoss, ensureQueues } from "@/lib/jobs/queue";
import { startNotificationWorker } from "@/lib/jobs/notification-worker";
import { startWebhookWorker } from "@/lib/jobs/webhooks";
import { startSweeps } from "@/lib/jobs/schedules";

// The job workers. They run inside the app process by default, on a thread of their own
// (lib/jobs/worker-thread.ts), or as their own process with `npm run worker` when the app is
// scaled out (then set RUN_WORKERS=false for the app).

export interface Workers {
  stop(): Promise<void>;
}

export async function startWorkers(
  connectionString: string,
  options: { pollingIntervalSeconds?: number } = {},
): Promise<Workers> {
  const boss = createBoss(connectionString);
  boss.on("error", (error) => console.error("job queue:", error.message));
  await boss.start();
  await ensureQueues(boss);
  await startNotificationWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  const webhooks = await startWebhookWorker(boss, connectionString, {
    pollingIntervalSeconds: options.pollingIntervalSeconds,
  });
  await startSweeps(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  return {
    async stop() {
      await webhooks.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

import type PgBoss from "pg-boss";
import { refundUnapplied } from "@/lib/billing/payments/attention";
import { refundExpiredHolds } from "@/lib/billing/wallet/operations";
import { requeueStuckDeliveries } from "@/lib/billing/webhooks/recover";
import { env } from "@/lib/env";
import { QUEUES, type QueueName } from "@/lib/jobs/queue";
import {
  sweepExpiry,
  sweepLoginThrottles,
  sweepReconcile,
  sweepRejectedDeliveries,
  sweepSubscriptions,
} from "@/lib/jobs/sweeps";
import { countJobFailures, countSweep } from "@/lib/metrics/record";
import { elapsed, logger } from "@/lib/log";

// The sweeps on pg-boss schedules: one schedule per queue. Every instance registers them at
// start (an upsert) and works their queues; pg-boss's timekeeper fires each cron once across all
// instances (a conditional update of its clock row, then a job that is a singleton per minute),
// so a sweep runs once per occurrence however many workers there are. The queues are "stately"
// (lib/jobs/queue.ts): a slow run never piles up a backlog of the same sweep.

export interface Sweep {
  queue: QueueName;
  /** A cron in UTC; pg-boss resolves minutes, no finer. */
  cron: string;
  /** Does the work and returns what it did, as counts for the log line. */
  run: () => Promise<object>;
}

export function sweeps(): Sweep[] {
  const interval = everySeconds(env().RECONCILE_INTERVAL);
  return [
    { queue: QUEUES.sweepReconcile, cron: interval, run: () => sweepReconcile() },
    { queue: QUEUES.sweepExpiry, cron: interval, run: () => sweepExpiry() },
    { queue: QUEUES.sweepRetention, cron: "17 * * * *", run: () => sweepRetention() },
    { queue: QUEUES.sweepStuckDeliveries, cron: "* * * * *", run: () => requeueStuckDeliveries() },
    { queue: QUEUES.sweepSubscriptions, cron: "* * * * *", run: () => sweepSubscriptions() },
    { queue: QUEUES.sweepAttention, cron: "* * * * *", run: () => refundUnapplied() },
    { queue: QUEUES.sweepHolds, cron: "* * * * *", run: () => refundExpiredHolds() },
  ];
}

/** The hourly clean-up: old rejected deliveries, then sign-in throttle rows that no longer count. */
async function sweepRetention() {
  const deliveriesDeleted = (await sweepRejectedDeliveries()).deleted;
  const loginThrottlesDeleted = (await sweepLoginThrottles()).deleted;
  return { deliveriesDeleted, loginThrottlesDeleted };
}

/** Registers (or updates) the schedules; their queues must exist (ensureQueues). */
export async function scheduleSweeps(boss: PgBoss): Promise<void> {
  for (const sweep of sweeps()) await boss.schedule(sweep.queue, sweep.cron, undefined, { tz: "UTC" });
}

/** Registers the schedules and works the sweep queues, one job at a time, logging one line per run. */
export async function startSweeps(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await scheduleSweeps(boss);
  for (const sweep of sweeps()) {
    await boss.work(
      sweep.queue,
      { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 5 },
      async ([job]) => {
        const started = performance.now();
        const counts = await sweep.run().catch((error: unknown) => {
          sweepLog.error(
            { sweep: sweep.queue, jobId: job?.id, outcome: "failed", ms: elapsed(started), err: error },
            "sweep",
          );
          countSweep(sweep.queue, "failed");
          countJobFailures(sweep.queue);
          throw error;
        });
        countSweep(sweep.queue, "ok", counts);
        sweepLog.info(
          { sweep: sweep.queue, jobId: job?.id, outcome: "ok", ms: elapsed(started), counts },
          `sweep ${sweep.queue}: ${describe(counts)}`,
        );
      },
    );
  }
}

const sweepLog = logger("sweep");

/** A cron for "every `seconds`", rounded up to whole minutes (hours past 59 minutes). */
export function everySeconds(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes === 1) return "* * * * *";
  if (minutes < 60) return `*/${minutes} * * * *`;
  const hours = Math.ceil(minutes / 60);
  return hours >= 24 ? "0 0 * * *" : `0 */${hours} * * *`;
}

function describe(counts: object): string {
  return Object.entries(counts)
    .map(([name, value]) => `${String(value)} ${name}`)
    .join(", ");
}

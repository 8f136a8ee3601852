import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { logger } from "@/lib/log";

// The durable job queue: pg-boss 10 on our own PostgreSQL (schema "pgboss"). Work that must not
// block a webhook response — applying a delivery, notifications, sweeps — is enqueued *in the same
// transaction* as the state change that causes it: a rollback sends nothing, a commit always
// sends, and a crash after the commit leaves the job waiting for the next worker. pg-boss hands
// each job to exactly one worker (SELECT … FOR UPDATE SKIP LOCKED), so adding app instances adds
// workers, never double sends.

export const QUEUES = {
  telegram: "notify-telegram",
  /** Applies a payment's received webhook deliveries (lib/billing/webhooks/process.ts). */
  webhook: "webhook-apply",
  /** The scheduled sweeps (lib/jobs/schedules.ts, lib/jobs/sweeps.ts). */
  sweepReconcile: "sweep-reconcile",
  sweepExpiry: "sweep-expiry",
  sweepRetention: "sweep-webhook-retention",
  sweepStuckDeliveries: "sweep-stuck-deliveries",
  sweepSubscriptions: "sweep-subscriptions",
  sweepAttention: "sweep-attention-refunds",
  sweepHolds: "sweep-operation-holds",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** NOTIFY channel on which a recorded delivery wakes the webhook workers (pg-boss 10 only polls). */
export const WEBHOOK_WAKE_CHANNEL = "webhook_apply";

const QUEUE_OPTIONS: Record<QueueName, PgBoss.Queue> = {
  // One waiting job per payment ("short": a second send for the same key while one waits is
  // merged into it; that job applies every received delivery of the payment). A try that fails
  // (the provider's status call, the database) is retried after 2, 4, 8 … s (each with up to as
  // much again of jitter): 17 to 34 minutes in all. A batch has 60 s before pg-boss takes it for
  // dead (a killed worker) and retries it: a killed worker's payments are applied by another
  // within about 90 s (expiry + the maintenance interval below), not 10 minutes. A batch that is
  // merely slow (provider status calls, 10 s each at most) and retried meanwhile is harmless:
  // applying is idempotent and serialised per payment by a row lock.
  "webhook-apply": {
    name: QUEUES.webhook,
    policy: "short",
    retryLimit: 9,
    retryDelay: 2,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  // Network errors and 5xx are retried with exponential backoff (10 s, 20 s, 40 s …); 429 and 403
  // are handled by the worker itself (lib/jobs/telegram.ts).
  "notify-telegram": {
    name: QUEUES.telegram,
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
  },
  // Sweeps: "stately" keeps at most one run queued beside the one running, and a failed run is
  // not retried (the next occurrence is the retry).
  "sweep-reconcile": { name: QUEUES.sweepReconcile, policy: "stately", retryLimit: 0, expireInSeconds: 900 },
  "sweep-expiry": { name: QUEUES.sweepExpiry, policy: "stately", retryLimit: 0, expireInSeconds: 900 },
  "sweep-webhook-retention": {
    name: QUEUES.sweepRetention,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 900,
  },
  "sweep-stuck-deliveries": {
    name: QUEUES.sweepStuckDeliveries,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 900,
  },
  "sweep-subscriptions": {
    name: QUEUES.sweepSubscriptions,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 900,
  },
  "sweep-attention-refunds": {
    name: QUEUES.sweepAttention,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 900,
  },
  "sweep-operation-holds": {
    name: QUEUES.sweepHolds,
    policy: "stately",
    retryLimit: 0,
    expireInSeconds: 900,
  },
};

export function createBoss(connectionString: string): PgBoss {
  // Maintenance (expiring the jobs of dead workers, archiving) every 30 s rather than pg-boss's
  // 120 s: it bounds how long a killed worker's jobs wait. One instance runs it at a time.
  return new PgBoss({
    connectionString,
    schema: "pgboss",
    application_name: "billing-jobs",
    maintenanceIntervalSeconds: 30,
  });
}

/** Creates (or upgrades) pg-boss's schema and our queues; run at start-up, before any enqueue. */
export async function installJobQueue(connectionString: string): Promise<void> {
  const boss = createBoss(connectionString);
  boss.on("error", (error) => logger("jobs").error({ err: error }, "job queue error"));
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const options of Object.values(QUEUE_OPTIONS)) {
    // An existing queue takes today's settings too (an upgrade that shortens an expiry, say).
    if (!(await boss.getQueue(options.name))) await boss.createQueue(options.name, options);
    else await boss.updateQueue(options.name, options);
  }
}

// Only used to render pg-boss's INSERT; it never connects, because every send passes the
// transaction's executor.
let sender: PgBoss | undefined;

/** Enqueues a job inside `tx`: it exists if and only if the transaction commits. */
export async function enqueue(
  tx: Tx,
  queue: QueueName,
  data: object,
  options: Omit<PgBoss.SendOptions, "db"> = {},
): Promise<string> {
  sender ??= createBoss("postgresql://unused.invalid/unused");
  const id = await sender.send(queue, data, { ...options, db: transactionExecutor(tx) });
  if (!id) throw new Error(`queue ${queue} is not installed (run the app's start-up, or installJobQueue)`);
  return id;
}

function transactionExecutor(tx: Tx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      // pg serializes objects and dates itself; Prisma's raw parameters need them as text.
      const params = values.map((value) =>
        value instanceof Date
          ? value.toISOString()
          : value !== null && typeof value === "object"
            ? JSON.stringify(value)
            : value,
      );
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...params);
      return { rows };
    },
  };
}

/**
 * pg-boss's own job INSERT (its plans.js insertJob), reduced to what our queues use, as an SQL
 * fragment for a data-modifying CTE: the hot paths (recording a delivery, applying one) enqueue
 * in the same statement as the write that causes the job, one round trip instead of two. The
 * queue's settings and policy are copied from pgboss.queue, as pg-boss does, so its dedupe
 * (singleton) indexes and retries apply. `source` names a CTE; one job per row of it.
 */
export function insertJobsSql(
  queue: QueueName,
  source: string,
  data: Prisma.Sql,
  singletonKey: Prisma.Sql = Prisma.sql`NULL`,
): Prisma.Sql {
  // For a "short" queue, a job already waiting for the same key is not duplicated but LOCKED
  // until this statement's transaction commits (DO UPDATE, where DO NOTHING would not lock):
  // pg-boss fetches with SKIP LOCKED, so that job cannot start, and look for what it must do,
  // before what this transaction wrote is visible to it. The arbiter is pg-boss's own index for
  // the policy (i1: name, COALESCE(singleton_key, '') WHERE state = 'created' AND policy =
  // 'short'), which exists on the queue's partition only, so the row goes to the partition.
  const short = QUEUE_OPTIONS[queue].policy === "short";
  const table = short ? Prisma.raw(`pgboss."${partitionName(queue)}"`) : Prisma.raw("pgboss.job");
  const conflict = short
    ? Prisma.sql`ON CONFLICT (name, COALESCE(singleton_key, '')) WHERE state = 'created' AND policy = 'short'
        DO UPDATE SET data = EXCLUDED.data`
    : Prisma.sql`ON CONFLICT DO NOTHING`;
  // xmax = 0: a row this statement inserted, not a waiting job it merged into (readable on the
  // partition only, not through the partitioned parent).
  const returning = short ? Prisma.sql`RETURNING (xmax = 0) AS inserted` : Prisma.empty;
  return Prisma.sql`
    INSERT INTO ${table}
      (name, data, singleton_key, dead_letter, expire_in, keep_until, retry_limit, retry_delay,
       retry_backoff, policy)
    SELECT q.name, ${data}, ${singletonKey}, q.dead_letter,
      COALESCE(q.expire_seconds, 900) * interval '1s',
      now() + COALESCE(q.retention_minutes * interval '1 minute', interval '14 days'),
      COALESCE(q.retry_limit, 2),
      CASE WHEN q.retry_backoff THEN GREATEST(q.retry_delay, 1) ELSE COALESCE(q.retry_delay, 0) END,
      COALESCE(q.retry_backoff, false), q.policy
    FROM ${Prisma.raw(`"${source}"`)} JOIN pgboss.queue AS q ON q.name = ${queue}
    ${conflict}
    ${returning}`;
}

/** The table pg-boss 10 creates for a queue's jobs (its create_queue function names it so). */
export function partitionName(queue: QueueName): string {
  return `j${createHash("sha224").update(queue).digest("hex")}`;
}

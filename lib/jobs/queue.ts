import PgBoss from "pg-boss";
import type { Tx } from "@/lib/db";

// The durable job queue: pg-boss 10 on our own PostgreSQL (schema "pgboss"). Work that must not
// block a webhook response — notifications today, sweeps next — is enqueued *in the same
// transaction* as the state change that causes it: a rollback sends nothing, a commit always
// sends, and a crash after the commit leaves the job waiting for the next worker. pg-boss hands
// each job to exactly one worker (SELECT … FOR UPDATE SKIP LOCKED), so adding app instances adds
// workers, never double sends.

export const QUEUES = {
  telegram: "notify-telegram",
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const QUEUE_OPTIONS: Record<QueueName, PgBoss.Queue> = {
  // Network errors and 5xx are retried with exponential backoff (10 s, 20 s, 40 s …); 429 and 403
  // are handled by the worker itself (lib/jobs/telegram.ts).
  "notify-telegram": {
    name: QUEUES.telegram,
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
  },
};

export function createBoss(connectionString: string): PgBoss {
  return new PgBoss({ connectionString, schema: "pgboss", application_name: "billing-jobs" });
}

/** Creates (or upgrades) pg-boss's schema and our queues; run at start-up, before any enqueue. */
export async function installJobQueue(connectionString: string): Promise<void> {
  const boss = createBoss(connectionString);
  boss.on("error", (error) => console.error("job queue:", error.message));
  await boss.start();
  try {
    await ensureQueues(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const options of Object.values(QUEUE_OPTIONS)) {
    if (!(await boss.getQueue(options.name))) await boss.createQueue(options.name, options);
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

import { Worker } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/ready/route";
import { db } from "@/lib/db";
import { linkWorkerThread } from "@/lib/metrics/worker-bridge";

// GET /api/ready through its route handler, against the real database: ready with a migrated
// database, the job queue installed and a provider configured; 503 naming the reason otherwise.

const PROVIDER_ENV = {
  STRIPE_SECRET_KEY: "sk_test_readiness_0123456789",
  STRIPE_WEBHOOK_SECRET: "whsec_readiness_0123456789",
  STRIPE_API_BASE: "http://127.0.0.1:12111",
};
const CLEARED = [
  "RUN_WORKERS",
  "CRYPTOCLOUD_API_KEY",
  "CRYPTOCLOUD_SHOP_ID",
  "CRYPTOCLOUD_SECRET_KEY",
  "YOOKASSA_SHOP_ID",
  "YOOKASSA_SECRET_KEY",
  ...Object.keys(PROVIDER_ENV),
];

beforeEach(() => {
  for (const key of CLEARED) delete process.env[key];
  Object.assign(process.env, PROVIDER_ENV, { RUN_WORKERS: "false" });
});
afterEach(() => {
  for (const key of CLEARED) delete process.env[key];
});

async function ready() {
  const response = await GET();
  const body = (await response.json()) as {
    status: string;
    reasons: string[];
    checks: Record<string, unknown>;
  };
  return { status: response.status, body, cacheControl: response.headers.get("cache-control") };
}

describe("GET /api/ready", () => {
  it("is 200 with no reasons when the database, the job queue and a provider are in order", async () => {
    const answer = await ready();
    expect(answer.status).toBe(200);
    expect(answer.cacheControl).toBe("no-store");
    expect(answer.body).toMatchObject({
      status: "ready",
      reasons: [],
      checks: {
        database: "reachable",
        migrations: "applied",
        jobQueue: "installed",
        workers: "elsewhere",
        providers: { stripe: "emulator", cryptocloud: "missing", yookassa: "missing" },
      },
    });
  });

  it("is 503 naming the migration when one is not applied", async () => {
    const [latest] = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    const name = latest!.migration_name;
    await db.$executeRaw`CREATE TABLE saved_migration AS SELECT * FROM "_prisma_migrations" WHERE migration_name = ${name}`;
    await db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${name}`;
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body.status).toBe("not_ready");
      expect(answer.body.reasons).toEqual([`migrations not applied: ${name}`]);
    } finally {
      await db.$executeRaw`INSERT INTO "_prisma_migrations" SELECT * FROM saved_migration`;
      await db.$executeRaw`DROP TABLE saved_migration`;
    }
    expect((await ready()).status).toBe(200);
  });

  it("is 503 when the job queue is not installed", async () => {
    await db.$executeRaw`ALTER SCHEMA pgboss RENAME TO pgboss_away`;
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body.checks.jobQueue).toBe("missing");
      expect(answer.body.reasons).toHaveLength(1);
      expect(answer.body.reasons[0]).toMatch(
        /^the job queue is not installed \(missing queues: .*webhook-apply/,
      );
    } finally {
      await db.$executeRaw`ALTER SCHEMA pgboss_away RENAME TO pgboss`;
    }
  });

  it("is 503 when one of our queues is missing from the job queue", async () => {
    const [saved] = await db.$queryRaw<{ name: string }[]>`
      UPDATE pgboss.queue SET name = 'sweep-operation-holds-away' WHERE name = 'sweep-operation-holds' RETURNING name`;
    try {
      expect(saved).toBeDefined();
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body.reasons).toEqual([
        "the job queue is not installed (missing queues: sweep-operation-holds)",
      ]);
    } finally {
      await db.$executeRaw`UPDATE pgboss.queue SET name = 'sweep-operation-holds' WHERE name = 'sweep-operation-holds-away'`;
    }
  });

  it("is 503 when no payment provider has keys", async () => {
    for (const key of Object.keys(PROVIDER_ENV)) delete process.env[key];
    const answer = await ready();
    expect(answer.status).toBe(503);
    expect(answer.body.reasons).toEqual(["no payment provider is configured"]);
    expect(answer.body.checks.providers).toEqual({
      cryptocloud: "missing",
      stripe: "missing",
      yookassa: "missing",
    });
    expect(JSON.stringify(answer.body)).not.toContain("sk_test");
  });

  it("with RUN_WORKERS=true, is 503 unless this process's worker thread answers", async () => {
    process.env.RUN_WORKERS = "true";
    const without = await ready();
    expect(without.status).toBe(503);
    expect(without.body.checks.workers).toBe("not_answering");
    expect(without.body.reasons).toEqual([
      "the job workers are not running in this process (RUN_WORKERS=true) or do not answer",
    ]);

    // A stand-in for lib/jobs/worker-thread.ts that answers the bridge's pings.
    const thread = new Worker(
      `const { parentPort } = require("node:worker_threads");
       parentPort.on("message", (m) => {
         if (m.kind === "bridge-request") parentPort.postMessage({ kind: "bridge-reply", id: m.id });
       });`,
      { eval: true },
    );
    const unlink = linkWorkerThread(thread);
    try {
      const answer = await ready();
      expect(answer.status).toBe(200);
      expect(answer.body.checks.workers).toBe("running");
    } finally {
      unlink();
      await thread.terminate();
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { expectAppliedExactlyOnce } from "./fault-checks";
import {
  appEnv,
  describeProcesses,
  fetchWithin,
  migrateAndSeed,
  sleep,
  startApp,
  startDatabase,
  startWorker,
  stopAll,
  withClient,
  type AppServer,
  type FaultDatabase,
  type ProcessHandle,
} from "./harness";
import { createCustomers, openPlanPayments, paidEvent, sendAll } from "./stripe-deliveries";

// PostgreSQL stops (a fast shutdown: every connection cut, transactions rolled back) while
// deliveries stream in, stays down a few seconds, and comes back on the same port and data. The
// app must answer 5xx meanwhile, promptly, never hang; then recover by itself — the same
// processes, no restart — and every delivery the senders retried must end applied exactly once.
// Twice: the default single process (workers on its own thread), and the scaled-out shape (an
// app server that only records, beside `npm run worker`).

const PAYMENTS = 200;
const STOP_AFTER_ANSWERS = 60;
const DOWN_MS = 6_000;
/** An answer slower than this while the database is down counts as a hang. */
const PROMPT_MS = 5_000;

let database: FaultDatabase | undefined;
const processes: ProcessHandle[] = [];

beforeAll(async () => {
  database = await startDatabase();
  await migrateAndSeed(database.url);
  process.env.DATABASE_URL = database.url;
}, 180_000);

let outage: Promise<unknown> | undefined;

afterEach(async () => {
  await stopAll();
  processes.length = 0;
  // A case that failed mid-outage leaves the database for the next one as it found it.
  await outage?.catch(() => undefined);
  outage = undefined;
  await database?.start();
});

afterAll(async () => {
  await stopAll();
  await disconnectDb();
  await database?.destroy();
}, 60_000);

/** Streams PAYMENTS deliveries to `app`, restarts PostgreSQL after STOP_AFTER_ANSWERS, and checks. */
async function restartUnderLoad(label: string, app: AppServer) {
  const payments = await openPlanPayments(await createCustomers(PAYMENTS, { label, chats: false }));
  // Our own pool must not hold a connection across the restart.
  await disconnectDb();
  const pid = app.pid;
  const alive = () => {
    for (const p of processes) if (!p.running) throw new Error(`${p.name} exited:\n${p.output(40)}`);
  };

  let answered = 0;
  let down: Promise<{ downAt: number; upAt: number; health: number[] }> | undefined;
  const started = Date.now();
  const stats = await sendAll(payments.map(paidEvent), {
    targets: () => [app.url],
    copies: 1,
    concurrency: 8,
    timeoutMs: 15_000,
    deadlineMs: 120_000,
    check: alive,
    onAnswer: (status) => {
      if (status >= 200 && status < 300) answered += 1;
      if (answered >= STOP_AFTER_ANSWERS && !down) {
        outage = down = (async () => {
          await database!.stop();
          const downAt = Date.now() - started;
          // The health check says so too, at once, while the database is down.
          const health: number[] = [];
          while (Date.now() - started < downAt + DOWN_MS) {
            health.push(
              await fetchWithin(`${app.url}/api/health`, {}, PROMPT_MS)
                .then((r) => r.status)
                .catch(() => 0),
            );
            await sleep(500);
          }
          await database!.start();
          return { downAt, upAt: Date.now() - started, health };
        })();
      }
    },
  });
  const { downAt, upAt, health } = await down!;
  expect(stats.accepted).toBe(PAYMENTS);

  const during = stats.tries.filter((t) => t.at >= downAt + 500 && t.at - t.ms <= upAt - 500);
  const statuses = [...new Set(during.map((t) => t.status))].sort();
  console.log(
    `database restart (${label}): down at ${(downAt / 1000).toFixed(1)} s for ${((upAt - downAt) / 1000).toFixed(1)} s; ` +
      `${during.length} tries meanwhile, statuses ${JSON.stringify(statuses)}, slowest ${Math.max(0, ...during.map((t) => t.ms))} ms; ` +
      `health ${JSON.stringify([...new Set(health)])}; all tries ${JSON.stringify(stats.failedTries)}`,
  );
  // While it was down: answers, and only 5xx ones, each within PROMPT_MS.
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((t) => t.status >= 500 && t.status < 600)).toBe(true);
  expect(Math.max(...during.map((t) => t.ms))).toBeLessThan(PROMPT_MS);
  expect(health.length).toBeGreaterThan(0);
  expect(health.every((status) => status === 503 || status === 500)).toBe(true);
  // The same processes answered before, during and after.
  alive();
  expect(app.pid).toBe(pid);

  // A job taken just before the database went down could be neither applied nor failed: it waits
  // for its expiry (60 s) and the next maintenance (every 30 s; lib/jobs/queue.ts) to be retried.
  const result = await withClient(database!.url, (client) =>
    expectAppliedExactlyOnce(
      client,
      payments.map((p) => p.paymentId),
      { timeoutMs: 150_000 },
    ),
  );
  expect((await fetchWithin(`${app.url}/api/health`, {}, PROMPT_MS)).status).toBe(200);
  alive();
  console.log(
    `database restart (${label}): ${result.deliveries} deliveries on record; all applied ` +
      `${(result.appliedAfterMs / 1000).toFixed(1)} s after the last answer`,
  );
}

describe("a database restart under load", () => {
  it("an app server running the workers itself (RUN_WORKERS=true): 5xx promptly while PostgreSQL is down, recovery without a restart, every payment applied exactly once", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses(processes)));
    const app = await startApp("app", { ...appEnv(database!.url), RUN_WORKERS: "true" });
    processes.push(app);
    await restartUnderLoad("with-workers", app);
  }, 300_000);

  it("an app server without workers beside `npm run worker`: 5xx promptly while PostgreSQL is down, recovery without a restart, every payment applied exactly once", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses(processes)));
    const env = appEnv(database!.url);
    processes.push(await startWorker("worker", env));
    const app = await startApp("app", { ...env, RUN_WORKERS: "false" });
    processes.push(app);
    await restartUnderLoad("recording-only", app);
  }, 300_000);
});

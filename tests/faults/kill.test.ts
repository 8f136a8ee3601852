import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { expectAppliedExactlyOnce } from "./fault-checks";
import {
  appEnv,
  appPort,
  describeProcesses,
  migrateAndSeed,
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

// SIGKILL of the app while 200 deliveries are being sent, 32 at a time: the process is gone at
// once (no graceful shutdown), with requests half-read, transactions open and, where it runs
// them, jobs in hand. It is started again on the same port, and the senders retry whatever was
// not answered 2xx, as providers do. Every payment must end applied exactly once, and no
// delivery be left `received`.

const PAYMENTS = 200;
const KILL_AFTER_ANSWERS = 50;

let database: FaultDatabase | undefined;
const processes: ProcessHandle[] = [];

beforeAll(async () => {
  database = await startDatabase();
  await migrateAndSeed(database.url);
  process.env.DATABASE_URL = database.url;
}, 180_000);

afterEach(async () => {
  await stopAll();
  processes.length = 0;
});

afterAll(async () => {
  await stopAll();
  await disconnectDb();
  await database?.destroy();
}, 60_000);

/** Sends PAYMENTS paid events to `app`, SIGKILLs it after KILL_AFTER_ANSWERS, restarts it, and checks. */
async function killMidFlight(
  label: string,
  env: Record<string, string>,
  options: { settleTimeoutMs: number },
) {
  const payments = await openPlanPayments(await createCustomers(PAYMENTS, { label, chats: false }));
  const port = await appPort();
  let app: AppServer = await startApp(`${label}-app`, env, { port });
  processes.push(app);
  const url = app.url;

  let answered = 0;
  let restart: Promise<{ killedAt: number; upAt: number }> | undefined;
  const started = Date.now();
  const stats = await sendAll(payments.map(paidEvent), {
    targets: () => [url],
    copies: 1,
    concurrency: 32,
    onAnswer: (status) => {
      if (status >= 200 && status < 300) answered += 1;
      if (answered >= KILL_AFTER_ANSWERS && !restart) {
        restart = (async () => {
          await app.kill();
          const killedAt = Date.now() - started;
          app = await startApp(`${label}-app (restarted)`, env, { port });
          processes.push(app);
          return { killedAt, upAt: Date.now() - started };
        })();
      }
    },
  });
  const { killedAt, upAt } = await restart!;
  expect(stats.accepted).toBe(PAYMENTS);
  // The kill cut requests off: some tries got no answer, and were sent again.
  expect(stats.failedTries["0"] ?? 0).toBeGreaterThan(0);

  const result = await withClient(database!.url, (client) =>
    expectAppliedExactlyOnce(
      client,
      payments.map((p) => p.paymentId),
      { timeoutMs: options.settleTimeoutMs },
    ),
  );
  console.log(
    `kill (${label}): killed at ${(killedAt / 1000).toFixed(1)} s after ${KILL_AFTER_ANSWERS} answers, ` +
      `up again at ${(upAt / 1000).toFixed(1)} s; tries not answered 2xx ${JSON.stringify(stats.failedTries)}; ` +
      `${result.deliveries} deliveries on record; all applied ${(result.appliedAfterMs / 1000).toFixed(1)} s after the last answer`,
  );
}

describe("SIGKILL of the app with deliveries in flight", () => {
  it("an app server without workers (RUN_WORKERS=false, `npm run worker` beside it): every payment applied exactly once after the restart", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses(processes)));
    const env = appEnv(database!.url);
    processes.push(await startWorker("worker", env));
    await killMidFlight("recording-only", { ...env, RUN_WORKERS: "false" }, { settleTimeoutMs: 60_000 });
  }, 240_000);

  it("an app server running the workers itself (RUN_WORKERS=true): every payment applied exactly once after the restart", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses(processes)));
    // The jobs the killed workers held are taken for dead when they expire (60 s) at the next
    // maintenance (every 30 s; lib/jobs/queue.ts), then applied: up to 90 s after the kill.
    await killMidFlight(
      "with-workers",
      { ...appEnv(database!.url), RUN_WORKERS: "true" },
      { settleTimeoutMs: 150_000 },
    );
  }, 300_000);
});

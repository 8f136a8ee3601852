import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db";
import { startTelegramEmulator, type TelegramEmulator } from "@/sandbox/telegram/emulator";
import { expectAppliedExactlyOnce } from "./fault-checks";
import {
  appEnv,
  describeProcesses,
  migrateAndSeed,
  startApp,
  startDatabase,
  startWorker,
  stopAll,
  TELEGRAM_BOT_TOKEN,
  until,
  withClient,
  type AppServer,
  type FaultDatabase,
  type ProcessHandle,
} from "./harness";
import { customersDueForReminder, REMINDER_DAYS } from "./reminders";
import { createCustomers, openPlanPayments, paidEvent, sendAll, type OpenPayment } from "./stripe-deliveries";

// Scaled out as docker-compose.yml runs it: two app servers and one `npm run worker` on one
// PostgreSQL. 400 paid Checkout Sessions, each event delivered 3 times, the copies shuffled and
// spread over both servers 32 at a time, so copies of one event race each other on two servers.
// app-a runs no workers (RUN_WORKERS=false, as in the compose file); app-b runs them on its own
// thread too (the default), so two worker instances compete for every job, sweep and message.

const PAYMENTS = Number(process.env.FAULTS_SCALE_PAYMENTS ?? 400);
const COPIES = 3;
const REMINDERS = 10;

let database: FaultDatabase | undefined;
let telegram: TelegramEmulator | undefined;
let servers: AppServer[] = [];
const processes: ProcessHandle[] = [];
let payments: OpenPayment[] = [];
let reminderChats: string[] = [];

beforeAll(async () => {
  const started = Date.now();
  database = await startDatabase();
  await migrateAndSeed(database.url);
  process.env.DATABASE_URL = database.url;
  telegram = await startTelegramEmulator({ token: TELEGRAM_BOT_TOKEN });

  payments = await openPlanPayments(
    await createCustomers(PAYMENTS, { label: "scale", firstChat: 7_000_000 }),
  );
  reminderChats = await customersDueForReminder(REMINDERS, 8_000_000);
  const fixturesAt = Date.now();

  const env = appEnv(database.url, {
    TELEGRAM_API_BASE: telegram.url,
    RENEWAL_REMINDER_DAYS: String(REMINDER_DAYS),
  });
  processes.push(await startWorker("worker", env));
  servers = await Promise.all([
    startApp("app-a", { ...env, RUN_WORKERS: "false" }),
    startApp("app-b", { ...env, RUN_WORKERS: "true" }),
  ]);
  processes.push(...servers);
  console.log(
    `scale-out: database + fixtures ${((fixturesAt - started) / 1000).toFixed(1)} s, ` +
      `processes ${((Date.now() - fixturesAt) / 1000).toFixed(1)} s`,
  );
}, 240_000);

afterAll(async () => {
  await stopAll();
  await telegram?.close();
  await disconnectDb();
  await database?.destroy();
}, 60_000);

describe("two app servers and a worker on one database", () => {
  it("apply each of 400 payments delivered 3 times over both servers exactly once, and send each message once", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses(processes)));
    const url = database!.url;
    const ids = payments.map((p) => p.paymentId);

    const sendStarted = Date.now();
    const stats = await sendAll(payments.map(paidEvent), {
      targets: () => servers.map((s) => s.url),
      copies: COPIES,
      concurrency: 32,
      progress: "scale-out",
    });
    const sentMs = Date.now() - sendStarted;
    expect(stats.accepted).toBe(PAYMENTS * COPIES);
    // Nothing was refused. (On a loaded machine a try may go unanswered within the sender's 10 s
    // and be sent again, as a provider would: that is reported, not failed.)
    expect(Object.keys(stats.failedTries).filter((status) => status.startsWith("4"))).toEqual([]);
    const unanswered = stats.tries.filter((t) => t.status !== 200);
    if (unanswered.length > 0)
      console.log(`scale-out: tries not answered 200: ${JSON.stringify(unanswered)}`);

    await withClient(url, async (client) => {
      // Exactly once. A try the sender gave up on (no answer within 10 s on a loaded machine) may
      // have been recorded all the same: its retry is one more duplicate, never a second apply.
      const { deliveries } = await expectAppliedExactlyOnce(client, ids, { timeoutMs: 120_000 });
      expect(deliveries).toBeGreaterThanOrEqual(PAYMENTS * COPIES);
      expect(deliveries).toBeLessThanOrEqual(PAYMENTS * COPIES + unanswered.length);
      const appliedMs = Date.now() - sendStarted;
      console.log(
        `scale-out: ${PAYMENTS * COPIES} deliveries acknowledged in ${(sentMs / 1000).toFixed(1)} s ` +
          `(slowest ${stats.slowestMs} ms), all applied after ${(appliedMs / 1000).toFixed(1)} s`,
      );

      // Every customer is told once that the plan is active; each reminder chat once that it ends.
      const expected = PAYMENTS + REMINDERS;
      await until(
        "every notification sent",
        () => Promise.resolve(telegram!.messages.length >= expected),
        120_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // time for a second copy, if any
      const perChat = new Map<string, number>();
      for (const message of telegram!.messages)
        perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
      const twice = [...perChat].filter(([, n]) => n > 1);
      expect(twice).toEqual([]);
      expect(telegram!.messages).toHaveLength(expected);
      for (const payment of payments) expect(perChat.get(payment.chatId!), payment.chatId!).toBe(1);
      for (const chat of reminderChats) expect(perChat.get(chat), chat).toBe(1);

      const { rows: notifications } = await client.query<{
        kind: string;
        status: string;
        n: number;
        tries: number;
      }>(`
        SELECT n.kind, n.status::text AS status, count(*)::int AS n, sum(a.tries)::int AS tries
        FROM "Notification" n
        LEFT JOIN (SELECT "notificationId", count(*) AS tries FROM "NotificationAttempt" GROUP BY 1) a
          ON a."notificationId" = n.id
        GROUP BY 1, 2 ORDER BY 1, 2`);
      expect(notifications).toEqual([
        { kind: "plan_activated", status: "sent", n: PAYMENTS, tries: PAYMENTS },
        { kind: "renewal_reminder", status: "sent", n: REMINDERS, tries: REMINDERS },
      ]);
      console.log(
        `scale-out: ${expected} messages sent after ${((Date.now() - sendStarted) / 1000).toFixed(1)} s`,
      );

      // The sweeps ran, and each occurrence (one job per queue per minute) ran once across all
      // instances: every run is a job, and no minute of any sweep queue has two.
      const { rows: sweepRuns } = await client.query<{ name: string; minute: Date; n: number }>(`
        SELECT name, date_trunc('minute', created_on) AS minute, count(*)::int AS n
        FROM (SELECT name, created_on FROM pgboss.job UNION ALL SELECT name, created_on FROM pgboss.archive) j
        WHERE name LIKE 'sweep-%'
        GROUP BY 1, 2`);
      expect(sweepRuns.filter((run) => run.name === "sweep-subscriptions").length).toBeGreaterThan(0);
      expect(sweepRuns.filter((run) => run.n > 1)).toEqual([]);
      const { rows: reminded } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Subscription" WHERE "reminderSentFor" IS NOT NULL`,
      );
      expect(reminded[0]!.n).toBe(REMINDERS);
    });
  }, 300_000);
});

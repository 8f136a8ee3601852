import PgBoss from "pg-boss";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureQueues, QUEUES } from "@/lib/jobs/queue";
import { everySeconds, scheduleSweeps } from "@/lib/jobs/schedules";
import { startWorkers, type Workers } from "@/lib/jobs/workers";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";

// The sweeps on pg-boss's schedules with two app instances working the same database: the cron
// fires once across both, so a due payment is checked once, by one of them.

const cc = withCryptoCloudEmulator();
let workers: Workers[] = [];
afterEach(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  workers = [];
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(200);
  }
}
const jobsOf = async (queue: string) => {
  const [row] = await db.$queryRaw<
    { count: bigint }[]
  >`SELECT count(*) FROM pgboss.job WHERE name = ${queue}`;
  return Number(row!.count);
};

describe("scheduled sweeps", () => {
  it("turns RECONCILE_INTERVAL into a cron of whole minutes", () => {
    expect(everySeconds(60)).toBe("* * * * *");
    expect(everySeconds(30)).toBe("* * * * *");
    expect(everySeconds(90)).toBe("*/2 * * * *");
    expect(everySeconds(15 * 60)).toBe("*/15 * * * *");
    expect(everySeconds(2 * 3600)).toBe("0 */2 * * *");
  });

  it("run once per occurrence with two workers started", { timeout: 30_000 }, async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full"); // the postback is lost
    await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${new Date(Date.now() - 10 * 60_000)} WHERE id = ${payment.id}`;

    // The schedules as an earlier start of the app left them (every minute, the default), and a
    // clock that has not fired for a while, so both instances' timekeepers race for this minute.
    const url = process.env.DATABASE_URL!;
    const setup = new PgBoss({ connectionString: url, schema: "pgboss", schedule: false, supervise: false });
    await setup.start();
    await ensureQueues(setup);
    await scheduleSweeps(setup);
    await setup.stop({ graceful: false, wait: true });
    await db.$executeRaw`UPDATE pgboss.version SET cron_on = NULL`;

    workers = await Promise.all([
      startWorkers(url, { pollingIntervalSeconds: 0.5 }),
      startWorkers(url, { pollingIntervalSeconds: 0.5 }),
    ]);
    const completed = async () =>
      (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status === "completed";
    await until(completed, 20_000); // the timekeeper's send-it worker polls every 5 s
    await sleep(2_000); // time for a second run, if there were one

    const asked = cc
      .emulator()
      .requests.filter(
        (r) => r.path.endsWith("/invoice/merchant/info") && JSON.stringify(r.body).includes(invoice.slice(4)),
      );
    expect(asked).toHaveLength(1);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ checks: 1 });
    expect(await jobsOf(QUEUES.sweepReconcile)).toBe(1);
    expect(await jobsOf(QUEUES.sweepExpiry)).toBe(1);
  });
});

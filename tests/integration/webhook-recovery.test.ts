import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { requeueStuckDeliveries, STUCK_AFTER_SECONDS } from "@/lib/billing/webhooks/recover";
import { db } from "@/lib/db";
import { QUEUES } from "@/lib/jobs/queue";
import { customerWithInvoice, webhookRequest, withCryptoCloudEmulator } from "./cryptocloud-context";
import { deliverAndApply, drainWebhookQueue } from "./webhook-queue";

// A worker can die at any point after a delivery was recorded. Nothing may stay `received`.

const cc = withCryptoCloudEmulator();

/** A paid invoice whose postback was recorded and queued, and nothing else done yet. */
async function recordedPostback() {
  const { payment, invoice } = await customerWithInvoice();
  await cc.emulator().pay(invoice, "full");
  const postback = await cc.emulator().buildPostback(invoice);
  const { POST } = await import("@/app/api/webhook/payment/route");
  const response = await POST(webhookRequest(postback.body, postback.contentType));
  const { delivery } = (await response.json()) as { delivery: string };
  return { payment, delivery };
}

const outcomeOf = async (id: string) =>
  (await db.webhookDelivery.findUniqueOrThrow({ where: { id }, select: { outcome: true } })).outcome;

describe("deliveries a crash left behind", () => {
  it("a worker killed while holding the job: pg-boss expires the job, and the retry applies it", async () => {
    const { payment, delivery } = await recordedPostback();
    // The worker takes the job and dies (SIGKILL): the job stays `active`, nothing is applied.
    const doomed = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      schema: "pgboss",
      supervise: false,
      schedule: false,
    });
    await doomed.start();
    expect(await doomed.fetch(QUEUES.webhook)).toHaveLength(1);
    await doomed.stop({ graceful: false, wait: true });
    expect(await outcomeOf(delivery)).toBe("received");

    // Its time runs out (expireInSeconds), and any instance's maintenance fails it for a retry.
    await db.$executeRaw`
      UPDATE pgboss.job SET started_on = now() - interval '1 hour', expire_in = interval '1 second'
      WHERE name = ${QUEUES.webhook} AND singleton_key = ${payment.id}`;
    const survivor = new PgBoss({
      connectionString: process.env.DATABASE_URL!,
      schema: "pgboss",
      maintenanceIntervalSeconds: 1,
      schedule: false,
    });
    await survivor.start();
    try {
      await expect
        .poll(
          async () => {
            await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = ${QUEUES.webhook} AND state = 'retry'`;
            await drainWebhookQueue();
            return outcomeOf(delivery);
          },
          { timeout: 15_000, interval: 250 },
        )
        .toBe("applied");
    } finally {
      await survivor.stop({ graceful: false, wait: true });
    }
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("a delivery left `received` with no job: the sweep queues it again, and the worker applies it", async () => {
    const { payment, delivery } = await recordedPostback();
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = ${QUEUES.webhook} AND singleton_key = ${payment.id}`;
    const later = new Date(Date.now() + (STUCK_AFTER_SECONDS + 60) * 1000);

    // Not yet stuck: a fresh delivery is left to its own job.
    expect(await requeueStuckDeliveries()).toEqual({ requeued: 0, failed: 0 });
    expect(await requeueStuckDeliveries(later)).toEqual({ requeued: 1, failed: 0 });
    expect(await drainWebhookQueue()).toBe(1);
    expect(await outcomeOf(delivery)).toBe("applied");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");

    // Nothing due: nothing written, no job.
    const jobs = () =>
      db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${QUEUES.webhook}`;
    const before = (await jobs())[0]!.n;
    expect(await requeueStuckDeliveries(later)).toEqual({ requeued: 0, failed: 0 });
    expect((await jobs())[0]!.n).toBe(before);
  });

  it("a delivery whose job waits for its retry is not queued again before its backoff", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);
    cc.emulator().failNext("500");
    const first = await deliverAndApply(webhookRequest(postback.body, postback.contentType));
    expect(first.outcome).toBe("received");
    const later = new Date(Date.now() + (STUCK_AFTER_SECONDS + 60) * 1000);
    expect(await requeueStuckDeliveries(later)).toEqual({ requeued: 0, failed: 0 });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
  });

  it("a delivery whose last try pg-boss ended itself (a worker that died on it) is failed, not retried forever", async () => {
    const { payment, delivery } = await recordedPostback();
    // The queue gave up without our handler recording it (the worker died on the last try).
    await db.$executeRaw`
      UPDATE pgboss.job SET state = 'failed', completed_on = now()
      WHERE name = ${QUEUES.webhook} AND singleton_key = ${payment.id}`;
    const later = new Date(Date.now() + (STUCK_AFTER_SECONDS + 60) * 1000);
    expect(await requeueStuckDeliveries(later)).toEqual({ requeued: 0, failed: 1 });
    const row = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery } });
    expect(row.outcome).toBe("failed");
    expect(row.error).toMatch(/^gave up/);
    expect(await drainWebhookQueue()).toBe(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sweepExpiry, sweepReconcile, sweepRejectedDeliveries } from "@/lib/jobs/sweeps";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";
import { subscriptionOf } from "./helpers";

// The sweeps run with nobody looking: the real CryptoCloud adapter over HTTP to the emulator, the
// real apply path, and dates moved in the database to make a payment late or overdue.

const cc = withCryptoCloudEmulator();
const MINUTE = 60_000;
// Sweeps take every due row: close what a test left open, so the next one counts only its own.
afterEach(async () => {
  await db.$executeRaw`UPDATE "Payment" SET status = 'canceled' WHERE status IN ('pending', 'partially_paid')`;
});

const infoCalls = (invoice: string) =>
  cc
    .emulator()
    .requests.filter(
      (r) =>
        r.path.endsWith("/invoice/merchant/info") &&
        JSON.stringify(r.body).includes(invoice.replace(/^INV-/, "")),
    ).length;
const paymentOf = (id: string) => db.payment.findUniqueOrThrow({ where: { id } });
/** Moves a payment's dates back, as if it had been opened (or had expired) that long ago. */
async function age(id: string, dates: { updatedAgoMs?: number; expiresInMs?: number }) {
  const now = Date.now();
  if (dates.updatedAgoMs !== undefined)
    await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${new Date(now - dates.updatedAgoMs)} WHERE id = ${id}`;
  if (dates.expiresInMs !== undefined)
    await db.$executeRaw`UPDATE "Payment" SET "expiresAt" = ${new Date(now + dates.expiresInMs)} WHERE id = ${id}`;
}
/** Row versions: any UPDATE, even one that changes nothing, gives a row a new xmin. */
const rowVersions = () =>
  db.$queryRaw<{ id: string; xmin: string }[]>`SELECT id, xmin::text FROM "Payment" ORDER BY id`;

describe("when nothing is due", () => {
  it("the sweeps ask no provider and write nothing", async () => {
    const { payment, invoice } = await customerWithInvoice(); // open, but not late yet
    await db.webhookDelivery.create({
      data: { provider: "unknown", headers: {}, body: "x", outcome: "rejected", verified: false },
    });
    const before = await rowVersions();
    const deliveries = await db.webhookDelivery.count();

    expect(await sweepReconcile()).toEqual({ checked: 0, applied: 0, unchanged: 0, failed: 0 });
    expect(await sweepExpiry()).toEqual({ checked: 0, applied: 0, unchanged: 0, failed: 0 });
    expect(await sweepRejectedDeliveries()).toEqual({ deleted: 0 });

    expect(await rowVersions()).toEqual(before);
    expect(await db.webhookDelivery.count()).toBe(deliveries);
    expect(infoCalls(invoice)).toBe(0);
    expect((await paymentOf(payment.id)).checks).toBe(0);
  });
});

describe("the expiry sweep", () => {
  it("expires an invoice past its expiry with nobody looking", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await age(payment.id, { expiresInMs: -10 * MINUTE }); // the emulator still calls it open

    const counts = await sweepExpiry();
    expect(counts).toMatchObject({ applied: 1, failed: 0 });
    expect(infoCalls(invoice)).toBe(1); // asked once more: money may have come at the last moment
    const expired = await db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      include: { events: { where: { toStatus: "expired" } } },
    });
    expect(expired.status).toBe("expired");
    expect(expired.events.map((e) => e.source)).toEqual(["reconcile"]);
  });

  it("completes an overdue invoice that was paid at the last moment instead of expiring it", async () => {
    const { user, payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full"); // the postback is lost
    await age(payment.id, { expiresInMs: -10 * MINUTE });

    await sweepExpiry();
    expect((await paymentOf(payment.id)).status).toBe("completed");
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
  });

  it("retries a provider that is down, and expires without its word an hour past expiry", async () => {
    const recent = await customerWithInvoice();
    await age(recent.payment.id, { expiresInMs: -10 * MINUTE });
    cc.emulator().failNext("500"); // the adapter makes one call, without retries
    expect(await sweepExpiry()).toMatchObject({ checked: 1, failed: 1 });
    const waiting = await paymentOf(recent.payment.id);
    expect(waiting.status).toBe("pending");
    expect(waiting.nextCheckAt!.getTime()).toBeGreaterThan(Date.now() + 30_000); // asked again in a minute

    const old = await customerWithInvoice();
    await age(old.payment.id, { expiresInMs: -61 * MINUTE });
    cc.emulator().failNext("500", 1);
    expect(await sweepExpiry()).toMatchObject({ checked: 1, applied: 1 });
    const expired = await db.payment.findUniqueOrThrow({
      where: { id: old.payment.id },
      include: { events: { where: { toStatus: "expired" } } },
    });
    expect(expired.status).toBe("expired");
    expect(expired.events).toHaveLength(1);
  });
});

describe("the reconcile sweep", () => {
  it("completes a late-paid invoice whose postback never came", async () => {
    const { user, payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full"); // no postbackUrl: the postback is "lost"
    await age(payment.id, { updatedAgoMs: 10 * MINUTE });

    expect(await sweepReconcile()).toMatchObject({ checked: 1, applied: 1 });
    const completed = await db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      include: { events: { where: { toStatus: "completed" } } },
    });
    expect(completed.status).toBe("completed");
    expect(completed.events.map((e) => e.source)).toEqual(["reconcile"]);
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
  });

  it("leaves a payment alone until RECONCILE_AFTER has passed since it last changed", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await age(payment.id, { updatedAgoMs: 60_000 }); // default RECONCILE_AFTER: 120 s
    expect(await sweepReconcile()).toMatchObject({ checked: 0 });
    expect(infoCalls(invoice)).toBe(0);
  });

  it("backs off 1, 2, 4 … minutes while the provider says pending, never past the expiry", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await age(payment.id, { updatedAgoMs: 10 * MINUTE });
    const t0 = new Date();

    expect(await sweepReconcile({ now: t0 })).toMatchObject({ checked: 1, unchanged: 1 });
    let row = await paymentOf(payment.id);
    expect(row).toMatchObject({ status: "pending", checks: 1 });
    expect(row.nextCheckAt!.getTime()).toBe(t0.getTime() + 1 * MINUTE);

    // Not due again before its time: no claim, no provider call, no write.
    const xmin = await db.$queryRaw<
      { xmin: string }[]
    >`SELECT xmin::text FROM "Payment" WHERE id = ${payment.id}`;
    expect(await sweepReconcile({ now: new Date(t0.getTime() + 30_000) })).toMatchObject({ checked: 0 });
    expect(await db.$queryRaw`SELECT xmin::text FROM "Payment" WHERE id = ${payment.id}`).toEqual(xmin);
    expect(infoCalls(invoice)).toBe(1);

    const t1 = new Date(t0.getTime() + 1 * MINUTE);
    expect(await sweepReconcile({ now: t1 })).toMatchObject({ checked: 1, unchanged: 1 });
    row = await paymentOf(payment.id);
    expect(row.checks).toBe(2);
    expect(row.nextCheckAt!.getTime()).toBe(t1.getTime() + 2 * MINUTE);
    expect(infoCalls(invoice)).toBe(2);

    // Capped at an hour, and never later than the moment the invoice becomes overdue.
    await db.payment.update({ where: { id: payment.id }, data: { checks: 12 } });
    const t2 = new Date(t1.getTime() + 2 * MINUTE);
    await sweepReconcile({ now: t2 });
    row = await paymentOf(payment.id);
    expect(row.nextCheckAt!.getTime()).toBe(
      Math.min(t2.getTime() + 60 * MINUTE, row.expiresAt!.getTime() + 5 * MINUTE),
    );
  });
});

describe("the retention sweep", () => {
  it("deletes old rejected, unverified deliveries in batches and keeps authentic ones", async () => {
    const old = new Date(Date.now() - 8 * 24 * 60 * MINUTE); // default retention: 7 days
    const recent = new Date(Date.now() - 6 * 24 * 60 * MINUTE);
    const delivery = (data: {
      provider?: string;
      outcome: "rejected" | "applied";
      verified: boolean;
      receivedAt: Date;
    }) => ({
      provider: data.provider ?? "cryptocloud",
      headers: {},
      body: "{}",
      outcome: data.outcome,
      verified: data.verified,
      receivedAt: data.receivedAt,
    });
    const junk = Array.from({ length: 1_200 }, () =>
      delivery({ provider: "unknown", outcome: "rejected", verified: false, receivedAt: old }),
    );
    await db.webhookDelivery.createMany({ data: junk });
    const forged = await db.webhookDelivery.create({
      data: delivery({ outcome: "rejected", verified: false, receivedAt: old }),
    });
    const young = await db.webhookDelivery.create({
      data: delivery({ outcome: "rejected", verified: false, receivedAt: recent }),
    });
    const authentic = await db.webhookDelivery.create({
      data: delivery({ outcome: "applied", verified: true, receivedAt: old }),
    });
    // Never the case today; the sweep must still not take a delivery the timeline refers to.
    const { payment } = await customerWithInvoice();
    const referenced = await db.webhookDelivery.create({
      data: delivery({ outcome: "rejected", verified: false, receivedAt: old }),
    });
    await db.paymentEvent.create({
      data: { paymentId: payment.id, toStatus: "pending", source: "webhook", deliveryId: referenced.id },
    });

    expect(await sweepRejectedDeliveries()).toEqual({ deleted: 1_201 });
    const left = await db.webhookDelivery.findMany({ select: { id: true } });
    const ids = left.map((d) => d.id);
    expect(ids).not.toContain(forged.id);
    expect(ids).toEqual(expect.arrayContaining([young.id, authentic.id, referenced.id]));
    expect(await db.webhookDelivery.count({ where: { provider: "unknown", receivedAt: old } })).toBe(0);
    expect(await sweepRejectedDeliveries()).toEqual({ deleted: 0 });
  });
});

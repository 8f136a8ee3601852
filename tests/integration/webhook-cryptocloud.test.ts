import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhook/payment/route";
import { deliveriesNeedingAttention } from "@/lib/billing/admin/stuck-deliveries";
import { db } from "@/lib/db";
import {
  SECRET_KEY,
  customerWithInvoice,
  withCryptoCloudEmulator,
  webhookRequest,
} from "./cryptocloud-context";
import { subscriptionOf } from "./helpers";
import { deliverAndApply, drainWebhookQueue } from "./webhook-queue";

const cc = withCryptoCloudEmulator();

function deliver(body: string, contentType = "application/json") {
  return deliverAndApply(webhookRequest(body, contentType));
}

/** Everything a forged delivery must leave untouched. */
async function snapshot(paymentId: string, userId: string) {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const events = await db.paymentEvent.count({ where: { paymentId } });
  const sub = await subscriptionOf(userId);
  return {
    status: payment.status,
    received: payment.amountReceived,
    events,
    plan: sub.plan.slug,
    end: sub.currentPeriodEnd,
  };
}

describe("POST /api/webhook/payment — CryptoCloud postbacks", () => {
  it.each([["json"], ["form"]] as const)(
    "applies an authentic %s postback after re-fetching the invoice",
    async (format) => {
      const { user, payment, invoice } = await customerWithInvoice();
      await cc.emulator().pay(invoice, "full");
      const postback = await cc.emulator().buildPostback(invoice, { format });

      const response = await deliver(postback.body, postback.contentType);

      expect(response).toMatchObject({ status: 200, outcome: "applied" });
      expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
        status: "completed",
        amountReceived: 322_920,
      });
      expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
      const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { paymentId: payment.id } });
      expect(delivery).toMatchObject({ provider: "cryptocloud", verified: true, outcome: "applied" });
      const asked = cc.emulator().requests.filter((r) => r.path.endsWith("/invoice/merchant/info"));
      expect(asked.at(-1)?.headers.authorization).toBe("Token test-api-key");
    },
  );

  it("trusts CryptoCloud's status, not the postback's: a postback for an unpaid invoice changes nothing", async () => {
    const { user, payment, invoice } = await customerWithInvoice();
    const before = await snapshot(payment.id, user.id);
    const postback = await cc.emulator().buildPostback(invoice); // the invoice is still "created"
    const response = await deliver(postback.body, postback.contentType);
    expect(response.status).toBe(200);
    expect(response.outcome).toBe("duplicate");
    expect(await snapshot(payment.id, user.id)).toEqual(before);
  });

  it("accepts the invoice id with or without INV-", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<string, unknown>;
    postback.invoice_id = `INV-${String(postback.invoice_id).replace(/^INV-/, "")}`;
    expect((await deliver(JSON.stringify(postback))).status).toBe(200);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  describe("forged or stale postbacks are rejected and change nothing", () => {
    const forgeries: [string, (invoice: string, other: string) => Promise<string>][] = [
      [
        "signed with another key",
        async (invoice) => (await cc.emulator().buildPostback(invoice, { secretKey: "not-the-secret" })).body,
      ],
      [
        "expired token",
        async (invoice) => (await cc.emulator().buildPostback(invoice, { expiresInSeconds: -30 })).body,
      ],
      [
        "token for another invoice",
        async (invoice, other) =>
          (await cc.emulator().buildPostback(invoice, { tokenInvoiceId: other })).body,
      ],
      [
        "alg: none",
        async (invoice) => {
          const body = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<
            string,
            unknown
          >;
          const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
          body.token = `${encode({ alg: "none", typ: "JWT" })}.${encode({ id: invoice, exp: Math.floor(Date.now() / 1000) + 300 })}.`;
          return JSON.stringify(body);
        },
      ],
      [
        "a token without exp",
        async (invoice) => {
          const body = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<
            string,
            unknown
          >;
          body.token = await new SignJWT({ id: invoice })
            .setProtectedHeader({ alg: "HS256" })
            .sign(new TextEncoder().encode(SECRET_KEY));
          return JSON.stringify(body);
        },
      ],
      [
        "HS512 with the right key",
        async (invoice) => {
          const body = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<
            string,
            unknown
          >;
          body.token = await new SignJWT({ id: invoice })
            .setProtectedHeader({ alg: "HS512" })
            .setExpirationTime("5m")
            .sign(new TextEncoder().encode(SECRET_KEY));
          return JSON.stringify(body);
        },
      ],
      [
        "body altered to point at another invoice",
        async (invoice, other) => {
          const body = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<
            string,
            unknown
          >;
          body.invoice_id = other.replace(/^INV-/, "");
          return JSON.stringify(body);
        },
      ],
      [
        "token signature tampered",
        async (invoice) => {
          const body = JSON.parse((await cc.emulator().buildPostback(invoice)).body) as Record<
            string,
            unknown
          >;
          const token = String(body.token);
          body.token = token.slice(0, -2) + (token.endsWith("A") ? "BB" : "AA");
          return JSON.stringify(body);
        },
      ],
    ];

    it.each(forgeries)("%s", async (_name, forge) => {
      const { user, payment, invoice } = await customerWithInvoice();
      const other = await customerWithInvoice();
      await cc.emulator().pay(invoice, "full");
      await cc.emulator().pay(other.invoice, "full");
      const before = await snapshot(payment.id, user.id);
      const otherBefore = await snapshot(other.payment.id, other.user.id);
      const deliveriesBefore = await db.webhookDelivery.count();

      const response = await deliver(await forge(invoice, other.invoice));

      expect(response.status).toBe(401);
      expect(await snapshot(payment.id, user.id)).toEqual(before);
      expect(await snapshot(other.payment.id, other.user.id)).toEqual(otherBefore);
      const deliveries = await db.webhookDelivery.findMany({ orderBy: { receivedAt: "desc" }, take: 1 });
      expect(await db.webhookDelivery.count()).toBe(deliveriesBefore + 1);
      expect(deliveries[0]).toMatchObject({ outcome: "rejected", verified: false, paymentId: null });
    });
  });

  it("applies 20 identical postbacks sent at once exactly once, and answers all of them 200", async () => {
    const { user, payment, invoice } = await customerWithInvoice({ months: 12 });
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => deliver(postback.body, postback.contentType)),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(responses.filter((r) => r.outcome === "duplicate")).toHaveLength(19);
    expect(await db.paymentEvent.count({ where: { paymentId: payment.id, toStatus: "completed" } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { paymentId: payment.id } })).toBe(20);
    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const sub = await subscriptionOf(user.id);
    const twelveMonths = new Date(stored.paidAt!);
    twelveMonths.setUTCMonth(twelveMonths.getUTCMonth() + 12);
    expect(sub.currentPeriodEnd!.getTime()).toBeLessThanOrEqual(twelveMonths.getTime()); // extended once
    expect(sub.plan.slug).toBe("pro");
  });

  it("answers a redelivery for a settled payment without asking CryptoCloud again", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);
    expect((await deliver(postback.body, postback.contentType)).outcome).toBe("applied");
    const asked = () =>
      cc.emulator().requests.filter((r) => r.path.endsWith("/invoice/merchant/info")).length;
    const before = asked();

    expect(await deliver(postback.body, postback.contentType)).toMatchObject({
      status: 200,
      outcome: "duplicate",
    });
    expect(asked()).toBe(before);
    expect(await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } })).toMatchObject({
      outcome: "duplicate",
      verified: true,
      paymentId: payment.id,
    });
  });

  it("records a partial payment with what arrived, without activating anything", async () => {
    const { user, payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "part");
    const postback = await cc.emulator().buildPostback(invoice);
    expect((await deliver(postback.body, postback.contentType)).outcome).toBe("applied");
    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stored.status).toBe("partially_paid");
    expect(stored.amountReceived).toBe(161_460);
    expect((await subscriptionOf(user.id)).plan.slug).toBe("free");
  });

  it("acknowledges an authentic postback for an invoice we never issued, and records it", async () => {
    const response = await fetch(`${cc.emulator().apiBase}/invoice/create`, {
      method: "POST",
      headers: { Authorization: "Token test-api-key", "Content-Type": "application/json" },
      body: JSON.stringify({
        shop_id: "test-shop",
        amount: "5.00",
        currency: "USD",
        order_id: "ord_not_ours",
      }),
    });
    const { result } = (await response.json()) as { result: { uuid: string } };
    await cc.emulator().pay(result.uuid, "full");
    const postback = await cc.emulator().buildPostback(result.uuid);
    const reply = await deliver(postback.body, postback.contentType);
    expect(reply).toMatchObject({ status: 200, outcome: "ignored" });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(delivery).toMatchObject({ outcome: "ignored", verified: true });
    expect(delivery.error).toContain(result.uuid);
  });

  it("acknowledges at once when CryptoCloud can't confirm, and the queue's retry applies it later", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);

    cc.emulator().failNext("500");
    const first = await deliver(postback.body, postback.contentType);
    // On record before anything else: CryptoCloud is told 200 and never needs to send it again.
    expect(first).toMatchObject({ status: 200, json: { received: true, outcome: "received" } });
    expect(first.outcome).toBe("received");
    const delivery = await db.webhookDelivery.findUniqueOrThrow({
      where: { id: first.json.delivery as string },
    });
    expect(delivery).toMatchObject({ attempts: 1, verified: true, paymentId: payment.id });
    expect(delivery.error).toMatch(/^will retry: CryptoCloud refused/);
    expect(delivery.error).not.toContain("test-api-key");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");

    // The job waits for its backoff; let that time pass, and the worker applies it.
    await db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'webhook-apply' AND state = 'retry'`;
    expect(await drainWebhookQueue()).toBe(1);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      outcome: "applied",
      error: null,
    });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("gives a delivery up as failed on the queue's last try, for an admin to see", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);
    cc.emulator().failNext("500");
    await db.$executeRaw`UPDATE pgboss.queue SET retry_limit = 0 WHERE name = 'webhook-apply'`;
    try {
      const first = await deliver(postback.body, postback.contentType);
      expect(first.outcome).toBe("failed");
    } finally {
      await db.$executeRaw`UPDATE pgboss.queue SET retry_limit = 9 WHERE name = 'webhook-apply'`;
    }
    const failed = await db.webhookDelivery.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(failed.error).toMatch(/^gave up after the last try/);
    // Listed for an admin on the overview, with its payment to replay it from.
    const attention = await deliveriesNeedingAttention();
    expect(attention.rows.find((row) => row.id === failed.id)?.payment?.id).toBe(payment.id);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
  });
});

describe("POST /api/webhook/payment — bad input", () => {
  const cases: [string, () => Request, number][] = [
    ["an empty body", () => webhookRequest("", "application/json"), 400],
    ["invalid JSON", () => webhookRequest("{not json", "application/json"), 400],
    ["a form without fields", () => webhookRequest("", "application/x-www-form-urlencoded"), 400],
    [
      "a form without the token",
      () => webhookRequest("invoice_id=ABC&status=success", "application/x-www-form-urlencoded"),
      400,
    ],
    ["a 1 MiB body", () => webhookRequest(`{"pad":"${"x".repeat(1024 * 1024)}"}`, "application/json"), 413],
    [
      "an unknown provider",
      () => webhookRequest(JSON.stringify({ event: "something", data: {} }), "application/json"),
      400,
    ],
  ];

  it.each(cases)("%s → 4xx, and only the rejected delivery is written", async (_name, request, status) => {
    const counts = async () => ({
      payments: await db.payment.count(),
      events: await db.paymentEvent.count(),
      subscriptions: await db.subscription.count(),
      deliveries: await db.webhookDelivery.count(),
    });
    const before = await counts();
    const response = await POST(request());
    expect(response.status).toBe(status);
    expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 1 });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(delivery.outcome).toBe("rejected");
    expect(delivery.error).toBeTruthy();
  });
});

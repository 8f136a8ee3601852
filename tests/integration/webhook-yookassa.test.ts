import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { subscriptionOf } from "./helpers";
import {
  customerWithYooKassaPayment,
  deliverFrom,
  withYooKassaEmulator,
  YOOKASSA_SECRET_KEY,
  YOOKASSA_SHOP_ID,
} from "./yookassa-context";
import { drainWebhookQueue } from "./webhook-queue";

// YooKassa end to end: plan payments in roubles created by the real adapter on the emulator, its
// notifications POSTed over HTTP from 127.0.0.1 to the webhook route, the worker re-fetching the
// payment and applying only YooKassa's answer. Notifications are unsigned (API v3), so the
// sender's address is what is checked, and nothing in a notification's body is believed.

const yk = withYooKassaEmulator();

/** Everything a refused or unbelieved notification must leave untouched. */
async function snapshot(paymentId: string, userId: string) {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const sub = await subscriptionOf(userId);
  return {
    status: payment.status,
    received: payment.amountReceived,
    failureReason: payment.failureReason,
    events: await db.paymentEvent.count({ where: { paymentId } }),
    plan: sub.plan.slug,
    end: sub.currentPeriodEnd,
  };
}

/** Re-fetches the emulator was asked for this payment. */
const refetches = (paymentId: string) =>
  yk.emulator().requests.filter((r) => r.method === "GET" && r.path === `/v3/payments/${paymentId}`).length;

/** The webhook route's last answer, and what became of that delivery once the worker ran. */
async function lastDelivery() {
  const answer = yk.app().answers.at(-1);
  if (!answer) throw new Error("the webhook route was not called");
  await drainWebhookQueue();
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { id: answer.json.delivery as string },
  });
  return { status: answer.status, delivery };
}

/** The buyer on YooKassa's confirmation page: "Pay", or "Decline" with a reason. */
function onConfirmationPage(url: string, action: "pay" | "decline", reason?: string) {
  return fetch(url.replace(/(\/checkout\/[^/?]+)/, `$1/${action}`), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: reason ? new URLSearchParams({ reason }).toString() : "",
  });
}

describe("YooKassa plan payments", () => {
  it("creates the payment in roubles with the documented request", async () => {
    const { payment, paymentId, url } = await customerWithYooKassaPayment({ plan: "pro", months: 1 });
    expect(payment).toMatchObject({
      provider: "yookassa",
      purpose: "subscription",
      currency: "RUB",
      amount: 229_000,
      status: "pending",
    });
    const created = yk.emulator().getPayment(paymentId);
    expect(url).toBe(created?.confirmationUrl);
    const request = yk.emulator().requests.findLast((r) => r.method === "POST" && r.path === "/v3/payments");
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${YOOKASSA_SHOP_ID}:${YOOKASSA_SECRET_KEY}`).toString("base64")}`,
    );
    expect(request?.headers["idempotence-key"]).toBe(`pay-${payment.orderId}`);
    expect(request?.body).toEqual({
      amount: { value: "2290.00", currency: "RUB" },
      capture: true,
      confirmation: {
        type: "redirect",
        return_url: `http://127.0.0.1:3999/dashboard/payment/success?order_id=${payment.orderId}`,
      },
      description: "Pro, 1 месяц", // the customer chose no language: DEFAULT_LOCALE (ru)
      metadata: { order_id: payment.orderId },
    });
    expect(payment.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it("is completed exactly once: paid on YooKassa → notification → re-fetch → completed", async () => {
    const { user, payment, paymentId, url } = await customerWithYooKassaPayment({ plan: "pro", months: 1 });

    const back = await onConfirmationPage(url, "pay");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toContain(`order_id=${payment.orderId}`);

    const { status, delivery } = await lastDelivery();
    expect(status).toBe(200);
    expect(delivery).toMatchObject({
      provider: "yookassa",
      providerEventId: `payment.succeeded:${paymentId}:succeeded`,
      paymentId: payment.id,
      verified: true,
      outcome: "applied",
      remoteIp: "127.0.0.1",
    });
    expect(refetches(paymentId)).toBe(1);
    const stored = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stored).toMatchObject({ status: "completed", amountReceived: 229_000 });
    expect(stored.paidAt).not.toBeNull();
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");

    // YooKassa redelivers until it sees a 200, and may anyway: the same event changes nothing.
    expect(await yk.emulator().notify(paymentId)).toBe(200);
    expect((await lastDelivery()).delivery.outcome).toBe("duplicate");
    expect(await db.paymentEvent.count({ where: { paymentId: payment.id, toStatus: "completed" } })).toBe(1);
  });

  it("applies 20 identical payment.succeeded notifications sent at once exactly once", async () => {
    const { user, payment, paymentId } = await customerWithYooKassaPayment({ plan: "business", months: 12 });
    await yk.emulator().pay(paymentId, { notify: false });
    const notification = yk.emulator().buildNotification(paymentId);

    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => yk.emulator().sendNotification(notification)),
    );
    await drainWebhookQueue();

    expect(statuses).toEqual(Array(20).fill(200));
    const outcomes = await db.webhookDelivery.groupBy({
      by: ["outcome"],
      where: { paymentId: payment.id },
      _count: true,
    });
    expect(Object.fromEntries(outcomes.map((row) => [row.outcome, row._count]))).toEqual({
      applied: 1,
      duplicate: 19,
    });
    expect(await db.paymentEvent.count({ where: { paymentId: payment.id, toStatus: "completed" } })).toBe(1);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
    expect((await subscriptionOf(user.id)).plan.slug).toBe("business");
  });

  it("fails a declined payment with YooKassa's reason in words", async () => {
    const { user, payment, url } = await customerWithYooKassaPayment();

    expect((await onConfirmationPage(url, "decline", "insufficient_funds")).status).toBe(303);
    const { delivery } = await lastDelivery();

    expect(delivery.outcome).toBe("applied");
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "failed",
      failureReason: "Declined by the bank: insufficient funds",
      amountReceived: null,
    });
    expect((await subscriptionOf(user.id)).plan.slug).toBe("free");
  });

  it("moves nothing when a notification from YooKassa's address claims what the re-fetch does not say", async () => {
    const { user, payment, paymentId } = await customerWithYooKassaPayment();
    const before = await snapshot(payment.id, user.id);
    // The payment is still pending at YooKassa; the body says it succeeded.
    const forged = yk.emulator().buildNotification(paymentId, "payment.succeeded", {
      status: "succeeded",
      paid: true,
    });

    expect(await yk.emulator().sendNotification(forged)).toBe(200);
    const { delivery } = await lastDelivery();

    expect(refetches(paymentId)).toBe(1);
    expect(delivery).toMatchObject({ verified: true, outcome: "duplicate", error: "already pending" });
    expect(await snapshot(payment.id, user.id)).toEqual(before);
  });

  it("makes one payment when the create's first try times out and is retried with its key", async () => {
    yk.emulator().failNext("timeout");
    const started = Date.now();
    const { payment, paymentId } = await customerWithYooKassaPayment();

    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000); // the first try was abandoned
    const made = yk
      .emulator()
      .payments()
      .filter((p) => p.metadata.order_id === payment.orderId);
    expect(made.map((p) => p.id)).toEqual([paymentId]);
    const tries = yk
      .emulator()
      .requests.filter(
        (r) =>
          r.method === "POST" &&
          r.path === "/v3/payments" &&
          r.headers["idempotence-key"] === `pay-${payment.orderId}`,
      );
    expect(tries).toHaveLength(2);
    expect(tries[1]?.body).toEqual(tries[0]?.body);
    expect(payment.status).toBe("pending");
  }, 30_000);
});

describe("YooKassa notifications from elsewhere", () => {
  /** A paid payment and the authentic-looking notification a stranger would copy. */
  async function paidButUnannounced() {
    const { user, payment, paymentId } = await customerWithYooKassaPayment();
    await yk.emulator().pay(paymentId, { notify: false });
    return { user, payment, paymentId, body: yk.emulator().buildNotification(paymentId).body };
  }

  async function expectRefused(paymentId: string, from: string) {
    const delivery = await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect(delivery).toMatchObject({
      provider: "yookassa",
      outcome: "rejected",
      verified: false,
      paymentId: null,
      remoteIp: from,
    });
    expect(delivery.error).toContain("YOOKASSA_ALLOWED_IPS");
    expect(refetches(paymentId)).toBe(0);
  }

  it("refuses an address off the list with 403, records it, and changes nothing", async () => {
    const { user, payment, paymentId, body } = await paidButUnannounced();
    const before = await snapshot(payment.id, user.id);

    const response = await deliverFrom("203.0.113.7", body);

    expect(response).toMatchObject({ status: 403, outcome: null });
    await expectRefused(paymentId, "203.0.113.7");
    expect(await snapshot(payment.id, user.id)).toEqual(before);
  });

  it("does not believe a forged X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const { user, payment, paymentId, body } = await paidButUnannounced();
    const before = await snapshot(payment.id, user.id);

    // 127.0.0.1 is allowed here; the peer claims to forward for it.
    const response = await deliverFrom("203.0.113.8", body, { forwardedFor: "127.0.0.1" });

    expect(response.status).toBe(403);
    await expectRefused(paymentId, "203.0.113.8");
    expect(await snapshot(payment.id, user.id)).toEqual(before);

    // Behind a proxy named in TRUSTED_PROXIES, its X-Forwarded-For is the client's address.
    const proxied = await deliverFrom("203.0.113.8", body, {
      forwardedFor: "127.0.0.1",
      trustedProxies: ["203.0.113.8"],
    });
    expect(proxied).toMatchObject({ status: 200, outcome: "applied" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("over HTTP, with YooKassa's own addresses allowed: a local sender naming one in X-Forwarded-For gets 403", async () => {
    const { user, payment, paymentId, body } = await paidButUnannounced();
    const before = await snapshot(payment.id, user.id);
    const allowed = process.env.YOOKASSA_ALLOWED_IPS;
    delete process.env.YOOKASSA_ALLOWED_IPS; // the default: YooKassa's published networks
    try {
      const response = await fetch(yk.app().url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "185.71.76.10" },
        body,
      });
      expect(response.status).toBe(403);
    } finally {
      process.env.YOOKASSA_ALLOWED_IPS = allowed;
    }
    await expectRefused(paymentId, "127.0.0.1");
    const delivery = await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
    expect((delivery.headers as Record<string, string>)["x-forwarded-for"]).toBe("127.0.0.1");
    expect(await snapshot(payment.id, user.id)).toEqual(before);
  });
});

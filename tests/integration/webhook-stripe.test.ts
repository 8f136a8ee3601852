import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcilePayment } from "@/lib/billing/payments/reconcile";
import { db } from "@/lib/db";
import { startWorkers } from "@/lib/jobs/workers";
import { startTelegramEmulator, type TelegramEmulator } from "@/sandbox/telegram/emulator";
import { subscriptionOf } from "./helpers";
import {
  STRIPE_SECRET_KEY,
  botBuyerWithSession,
  customerWithSession,
  deliverEvent,
  withStripeEmulator,
} from "./stripe-context";

const stripe = withStripeEmulator();
const LINK = "https://t.me/+course-invite";
let telegram: TelegramEmulator;

beforeAll(async () => {
  telegram = await startTelegramEmulator({ token: "42:stripe-test-bot" });
  Object.assign(process.env, {
    TELEGRAM_BOT_TOKEN: "42:stripe-test-bot",
    TELEGRAM_API_BASE: telegram.url,
    PAID_CHANNEL_LINK: LINK,
  });
});
afterAll(async () => {
  await telegram.close();
});

/** Everything a rejected delivery must leave untouched. */
async function snapshot(paymentId: string) {
  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  return {
    status: payment.status,
    received: payment.amountReceived,
    events: await db.paymentEvent.count({ where: { paymentId } }),
    entitlements: await db.entitlement.count({ where: { paymentId } }),
    notifications: await db.notification.count({ where: { paymentId } }),
    deliveriesForPayment: await db.webhookDelivery.count({ where: { paymentId } }),
  };
}

const completions = (paymentId: string) =>
  db.paymentEvent.count({ where: { paymentId, toStatus: "completed" } });

describe("Stripe Checkout for plans", () => {
  it("creates the session through the SDK with our price, order id, return URLs and an Idempotency-Key", async () => {
    const { payment, sessionId, url } = await customerWithSession({ plan: "pro", months: 12 });
    const session = stripe.emulator().getSession(sessionId)!;
    expect(url).toBe(session.url);
    expect(session).toMatchObject({
      amountTotal: 322_920,
      currency: "usd",
      clientReferenceId: payment.orderId,
      metadata: { order_id: payment.orderId },
    });
    expect(session.successUrl).toBe(
      `http://127.0.0.1:3999/dashboard/payment/success?order_id=${payment.orderId}&session_id={CHECKOUT_SESSION_ID}`,
    );
    expect(session.cancelUrl).toBe(
      `http://127.0.0.1:3999/dashboard/payment/error?order_id=${payment.orderId}&left=1`,
    );
    const create = stripe
      .emulator()
      .requests.find(
        (r) =>
          r.method === "POST" &&
          r.path === "/v1/checkout/sessions" &&
          r.headers["idempotency-key"] === `checkout-${payment.orderId}`,
      );
    expect(create).toBeDefined();
    expect(create!.body).toMatchObject({
      mode: "payment",
      payment_intent_data: { metadata: { order_id: payment.orderId } },
    });
    expect(payment).toMatchObject({ provider: "stripe", status: "pending", paymentUrl: url });
  });

  it("activates the plan on checkout.session.completed, and records the event id", async () => {
    const { user, payment, sessionId } = await customerWithSession({ plan: "basic" });
    await stripe.emulator().pay(sessionId);
    const event = stripe.emulator().buildEvent("checkout.session.completed", sessionId);

    expect(await deliverEvent(event)).toMatchObject({ status: 200, outcome: "applied" });
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "completed",
      amountReceived: 19_900,
    });
    expect((await subscriptionOf(user.id)).plan.slug).toBe("basic");
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { paymentId: payment.id } })).toMatchObject({
      provider: "stripe",
      providerEventId: event.id,
      verified: true,
      outcome: "applied",
    });
  });

  it("answers a redelivered event as a duplicate without applying it again", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().pay(sessionId);
    const event = stripe.emulator().buildEvent("checkout.session.completed", sessionId);
    await deliverEvent(event);
    const again = stripe
      .emulator()
      .buildEvent("checkout.session.completed", sessionId, { eventId: event.id });

    expect(await deliverEvent(again)).toMatchObject({ status: 200, outcome: "duplicate" });
    expect(await completions(payment.id)).toBe(1);
    const second = await db.webhookDelivery.findFirstOrThrow({
      where: { paymentId: payment.id, outcome: "duplicate" },
    });
    expect(second.error).toContain(`event ${event.id} was recorded by delivery`);
  });

  it("reconciles from the session when the event never came", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().pay(sessionId);
    expect(await reconcilePayment(payment.id)).toMatchObject({ outcome: "applied" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("waits on an unpaid completion, then applies async_payment_succeeded", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().payAsync(sessionId);
    const completed = await deliverEvent(
      stripe.emulator().buildEvent("checkout.session.completed", sessionId),
    );
    expect(completed).toMatchObject({ status: 200, outcome: "ignored" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");

    await stripe.emulator().settleAsync(sessionId, "succeeded");
    const succeeded = stripe.emulator().buildEvent("checkout.session.async_payment_succeeded", sessionId);
    expect((await deliverEvent(succeeded)).outcome).toBe("applied");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("fails the payment on async_payment_failed, with a reason", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().payAsync(sessionId);
    await stripe.emulator().settleAsync(sessionId, "failed");
    await deliverEvent(stripe.emulator().buildEvent("checkout.session.async_payment_failed", sessionId));
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "failed",
      failureReason: "The delayed payment failed at the bank",
    });
  });

  it("expires the payment on checkout.session.expired", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().expire(sessionId);
    await deliverEvent(stripe.emulator().buildEvent("checkout.session.expired", sessionId));
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("expired");
  });

  it("marks the payment refunded on charge.refunded for the whole amount, found by the order id", async () => {
    const { payment, sessionId } = await customerWithSession();
    await stripe.emulator().pay(sessionId);
    await deliverEvent(stripe.emulator().buildEvent("checkout.session.completed", sessionId));
    const sdk = new Stripe(STRIPE_SECRET_KEY, { ...stripe.emulator().sdkOptions, maxNetworkRetries: 0 });
    const intent = stripe.emulator().getSession(sessionId)!.paymentIntent!;

    await sdk.refunds.create({ payment_intent: intent, amount: 1000 });
    const partial = await deliverEvent(stripe.emulator().buildEvent("charge.refunded", sessionId));
    expect(partial.outcome).toBe("ignored");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");

    await sdk.refunds.create({ payment_intent: intent });
    const full = await deliverEvent(stripe.emulator().buildEvent("charge.refunded", sessionId));
    expect(full.outcome).toBe("applied");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("refunded");
  });

  it("never completes a payment for less than its amount, nor in another currency", async () => {
    const short = await customerWithSession();
    await db.payment.update({ where: { id: short.payment.id }, data: { amount: short.payment.amount + 1 } });
    await stripe.emulator().pay(short.sessionId);
    await deliverEvent(stripe.emulator().buildEvent("checkout.session.completed", short.sessionId));
    expect((await db.payment.findUniqueOrThrow({ where: { id: short.payment.id } })).status).toBe(
      "partially_paid",
    );
    expect((await subscriptionOf(short.user.id)).plan.slug).toBe("free");

    const other = await customerWithSession();
    await db.payment.update({ where: { id: other.payment.id }, data: { currency: "EUR" } });
    await stripe.emulator().pay(other.sessionId);
    const response = await deliverEvent(
      stripe.emulator().buildEvent("checkout.session.completed", other.sessionId),
    );
    expect(response.outcome).toBe("ignored");
    expect((await db.payment.findUniqueOrThrow({ where: { id: other.payment.id } })).status).toBe("pending");
  });

  it("acknowledges event types it does not use, and records them as ignored", async () => {
    const { sessionId } = await customerWithSession();
    const event = stripe.emulator().buildEvent("checkout.session.async_payment_pending", sessionId);
    expect(await deliverEvent(event)).toMatchObject({ status: 200, outcome: "ignored" });
    const delivery = await db.webhookDelivery.findFirstOrThrow({ where: { providerEventId: event.id } });
    expect(delivery.outcome).toBe("ignored");
    expect(delivery.error).toContain("checkout.session.async_payment_pending");
  });
});

describe("Stripe-Signature", () => {
  async function paidSession() {
    const buyer = await customerWithSession();
    await stripe.emulator().pay(buyer.sessionId);
    return buyer;
  }

  it("accepts a valid signature", async () => {
    const { payment, sessionId } = await paidSession();
    const event = stripe.emulator().buildEvent("checkout.session.completed", sessionId);
    expect((await deliverEvent(event)).status).toBe(200);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  it("accepts two v1 signatures when one is valid (a secret rotation)", async () => {
    const { payment, sessionId } = await paidSession();
    const event = stripe.emulator().buildEvent("checkout.session.completed", sessionId, {
      extraSignatures: ["0".repeat(64)],
    });
    expect(event.signatureHeader.match(/v1=/g)).toHaveLength(2);
    expect((await deliverEvent(event)).status).toBe(200);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
  });

  const forgeries: [string, (sessionId: string) => { body: string; signatureHeader?: string }, string][] = [
    [
      "signed with the wrong secret",
      (id) => stripe.emulator().buildEvent("checkout.session.completed", id, { secret: "whsec_not_ours" }),
      "signature does not match",
    ],
    [
      "signed 301 s ago",
      (id) =>
        stripe.emulator().buildEvent("checkout.session.completed", id, { timestampOffsetSeconds: -301 }),
      "signature timestamp older than 300 s",
    ],
    [
      "with one byte of the body changed",
      (id) => {
        const event = stripe.emulator().buildEvent("checkout.session.completed", id);
        return { ...event, body: event.body.replace('"livemode": false', '"livemode": falsf') };
      },
      "signature does not match",
    ],
    [
      "with two v1 signatures, neither valid",
      (id) => {
        const event = stripe.emulator().buildEvent("checkout.session.completed", id, {
          secret: "whsec_old_secret",
          extraSignatures: ["f".repeat(64)],
        });
        return event;
      },
      "signature does not match",
    ],
    [
      "without the Stripe-Signature header",
      (id) => ({ body: stripe.emulator().buildEvent("checkout.session.completed", id).body }),
      "unrecognised delivery",
    ],
  ];

  it.each(forgeries)(
    "rejects an event %s with 400, writing only the rejected delivery",
    async (_, forge, reason) => {
      const { payment, sessionId } = await paidSession();
      const before = await snapshot(payment.id);
      const deliveriesBefore = await db.webhookDelivery.count();
      const forged = forge(sessionId);

      const response = await deliverEvent(forged);

      expect(response.status).toBe(400);
      expect(String(response.json.error)).toBe(reason);
      expect(await snapshot(payment.id)).toEqual(before);
      expect(await db.webhookDelivery.count()).toBe(deliveriesBefore + 1);
      const rejected = await db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });
      expect(rejected).toMatchObject({ outcome: "rejected", verified: false, providerEventId: null });
      expect(JSON.stringify(rejected)).not.toContain("whsec_integration");
    },
  );
});

describe("a course bought from a Telegram bot", () => {
  it("20 concurrent copies of checkout.session.completed plus async_payment_succeeded: one entitlement, one message, one PaymentEvent", async () => {
    const { chatId, payment, sessionId } = await botBuyerWithSession();
    await stripe.emulator().pay(sessionId);
    const completed = stripe.emulator().buildEvent("checkout.session.completed", sessionId);
    const copies = Array.from({ length: 20 }, () =>
      stripe.emulator().buildEvent("checkout.session.completed", sessionId, { eventId: completed.id }),
    );
    const succeeded = stripe.emulator().buildEvent("checkout.session.async_payment_succeeded", sessionId);

    const responses = await Promise.all([...copies, succeeded].map((event) => deliverEvent(event)));

    expect(responses.map((r) => r.status)).toEqual(Array(21).fill(200));
    expect(responses.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(await completions(payment.id)).toBe(1);
    expect(await db.entitlement.count({ where: { paymentId: payment.id } })).toBe(1);
    expect(await db.notification.count({ where: { paymentId: payment.id } })).toBe(1);
    expect(await db.webhookDelivery.count({ where: { providerEventId: completed.id } })).toBe(1);

    const workers = await startWorkers(process.env.DATABASE_URL!, { pollingIntervalSeconds: 0.5 });
    try {
      const deadline = Date.now() + 10_000;
      while (!telegram.messages.some((m) => m.chatId === chatId) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 1500)); // room for a second message, if any
    } finally {
      await workers.stop();
    }
    const received = telegram.messages.filter((m) => m.chatId === chatId);
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain(LINK);
    expect(await db.entitlement.findUniqueOrThrow({ where: { paymentId: payment.id } })).toMatchObject({
      telegramChatId: chatId,
      userId: null,
    });
  });

  it("prices the session from the database and returns the buyer to the receipt page with its key", async () => {
    const { payment, sessionId } = await botBuyerWithSession();
    const session = stripe.emulator().getSession(sessionId)!;
    expect(session).toMatchObject({ amountTotal: 4900, currency: "usd", customerEmail: null });
    expect(session.successUrl).toMatch(
      new RegExp(
        `^http://127\\.0\\.0\\.1:3999/pay/telegram-course/done\\?order_id=${payment.orderId}&key=[\\w-]{32}&session_id=\\{CHECKOUT_SESSION_ID\\}$`,
      ),
    );
    expect(session.cancelUrl).toMatch(/&canceled=1$/);
    expect(payment).toMatchObject({ userId: null, purpose: "product", amount: 4900 });
  });
});

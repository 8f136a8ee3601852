import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhook/payment/route";
import { reconcileNow } from "@/lib/billing/payments/reconcile";
import { refundPayment } from "@/lib/billing/payments/refund";
import { replayDelivery } from "@/lib/billing/webhooks/replay";
import { maskBody } from "@/lib/billing/admin/mask";
import { getAdminPayment } from "@/lib/billing/admin/payment-detail";
import { startProductCheckout } from "@/lib/billing/products/checkout";
import { db } from "@/lib/db";
import { startStripeEmulator, type StripeEmulator } from "@/sandbox/stripe/emulator";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";
import { customer, subscriptionOf } from "./helpers";
import { drainWebhookQueue } from "./webhook-queue";
import {
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  customerWithSession,
  deliverEvent,
} from "./stripe-context";

// Admin actions on one payment, against the emulators over real HTTP. The Stripe emulator here
// delivers its events to a real HTTP server in front of our webhook route, so a refund's
// charge.refunded can arrive before (or after) the refund API call returns, as it can on Stripe.
// That server also runs the webhook worker on what it recorded before it answers, so "arrives"
// means "is applied".

const cc = withCryptoCloudEmulator();
let app: Server;
let webhookUrl: string;
const emulators: Record<"before" | "after", StripeEmulator> = {} as never;
let stripe: StripeEmulator;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (typeof value === "string") headers.set(name, value);
      void POST(
        new Request("http://127.0.0.1/api/webhook/payment", {
          method: "POST",
          headers,
          body: Buffer.concat(chunks),
        }),
      ).then(async (response) => {
        // A worker as fast as can be: the delivery is applied before Stripe hears our answer.
        await drainWebhookQueue();
        res.writeHead(response.status).end(await response.text());
      });
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const address = app.address();
  webhookUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
  for (const timing of ["before", "after"] as const) {
    emulators[timing] = await startStripeEmulator({
      secretKey: STRIPE_SECRET_KEY,
      webhookSecret: STRIPE_WEBHOOK_SECRET,
      webhookUrl,
      refundEventTiming: timing === "before" ? "before-response" : "after-response",
    });
  }
  pointAppAt(emulators.before);
});
afterAll(async () => {
  await Promise.all(Object.values(emulators).map((emulator) => emulator.close()));
  await new Promise((resolve) => app.close(resolve));
});

function pointAppAt(emulator: StripeEmulator) {
  stripe = emulator;
  Object.assign(process.env, {
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: emulator.url,
    APP_URL: "http://127.0.0.1:3999",
  });
}

async function admin() {
  const user = await customer("admin");
  return db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
}

/** A card payment for a plan, paid and applied through the webhook (the emulator sends the event). */
async function paidCardPayment() {
  const buyer = await customerWithSession();
  expect((await stripe.pay(buyer.sessionId)).eventStatus).toBe(200);
  expect((await db.payment.findUniqueOrThrow({ where: { id: buyer.payment.id } })).status).toBe("completed");
  return buyer;
}

const transitions = (paymentId: string) =>
  db.paymentEvent.findMany({ where: { paymentId }, orderBy: { createdAt: "asc" } });

describe("refund", () => {
  it.each(["before", "after"] as const)(
    "through Stripe moves the payment to refunded exactly once when the webhook arrives %s the API answer",
    async (timing) => {
      pointAppAt(emulators[timing]);
      const { payment } = await paidCardPayment();
      const by = await admin();
      const refundsBefore = stripe.refunds.length;

      const result = await refundPayment(payment.id, by);

      expect(result.ok).toBe(true);
      expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("refunded");
      const events = await transitions(payment.id);
      const refunded = events.filter((e) => e.fromStatus === "completed" && e.toStatus === "refunded");
      expect(refunded).toHaveLength(1);
      // The admin's action is on the timeline either way: as the change, or as a note beside it.
      expect(events.some((e) => e.source === "admin" && e.actorId === by.id)).toBe(true);
      expect(refunded[0]!.source).toBe(timing === "before" ? "webhook" : "admin");
      expect(stripe.refunds.length - refundsBefore).toBe(1);
    },
  );

  it("asked twice at once makes one Stripe refund and one transition", async () => {
    pointAppAt(emulators.after);
    const { payment } = await paidCardPayment();
    const by = await admin();
    const refundsBefore = stripe.refunds.length;

    const results = await Promise.all([refundPayment(payment.id, by), refundPayment(payment.id, by)]);

    expect(results.every((r) => r.ok)).toBe(true);
    expect(stripe.refunds.length - refundsBefore).toBe(1);
    const events = await transitions(payment.id);
    expect(events.filter((e) => e.toStatus === "refunded" && e.fromStatus !== "refunded")).toHaveLength(1);
  });

  it("of a CryptoCloud payment (no refund API) is recorded as a manual refund by the admin", async () => {
    const { payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const by = await admin();
    await reconcileNow(payment.id, by);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");

    expect((await refundPayment(payment.id, by)).ok).toBe(true);

    const last = (await transitions(payment.id)).at(-1)!;
    expect(last).toMatchObject({
      fromStatus: "completed",
      toStatus: "refunded",
      source: "admin",
      actorId: by.id,
    });
    expect(last.note).toContain("manual refund recorded by an admin");
  });

  it("revokes what a product payment granted", async () => {
    pointAppAt(emulators.after);
    const buyer = await customer("course");
    const started = await startProductCheckout({
      productSlug: "telegram-course",
      buyer: { kind: "account", userId: buyer.id, email: buyer.email },
    });
    if (started.kind !== "redirect") throw new Error(JSON.stringify(started));
    const payment = await db.payment.findUniqueOrThrow({ where: { orderId: started.orderId } });
    await stripe.pay(payment.providerRef!);
    expect(
      (await db.entitlement.findUniqueOrThrow({ where: { paymentId: payment.id } })).revokedAt,
    ).toBeNull();

    await refundPayment(payment.id, await admin());

    expect(
      (await db.entitlement.findUniqueOrThrow({ where: { paymentId: payment.id } })).revokedAt,
    ).not.toBeNull();
  });

  it.each(["before", "after"] as const)(
    "whole, ending the time it bought, moves the customer back to free when the webhook arrives %s the API answer",
    async (timing) => {
      pointAppAt(emulators[timing]);
      const { user, payment } = await paidCardPayment();
      expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");

      const result = await refundPayment(payment.id, await admin(), { endTime: true });

      expect(result.ok).toBe(true);
      const refunded = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
      expect(refunded).toMatchObject({ status: "refunded", amountRefunded: payment.amount });
      const sub = await subscriptionOf(user.id);
      expect(sub).toMatchObject({ plan: { slug: "free" }, currentPeriodEnd: null });
      const removals = await db.subscriptionEvent.findMany({
        where: { paymentId: payment.id, kind: "refund_time_removed" },
      });
      expect(removals).toHaveLength(1);
    },
  );

  it("partial, ending the time, moves the period end by the refunded share; the rest later refunds it whole", async () => {
    pointAppAt(emulators.after);
    const { user, payment } = await paidCardPayment();
    const by = await admin();
    const before = await subscriptionOf(user.id);
    const now = new Date();
    const left = before.currentPeriodEnd!.getTime() - now.getTime();

    // A quarter of the price back, a quarter of what is left of the month gone (the period
    // started moments ago, so its value is all but whole).
    const quarter = payment.amount / 4;
    const result = await refundPayment(
      payment.id,
      by,
      { amount: (quarter / 100).toFixed(2), endTime: true },
      now,
    );
    expect(result).toMatchObject({ ok: true });
    const after = await subscriptionOf(user.id);
    const cut = before.currentPeriodEnd!.getTime() - after.currentPeriodEnd!.getTime();
    expect(Math.abs(cut - left / 4)).toBeLessThan(60 * 60 * 1000);
    expect(after.plan.slug).toBe("pro");
    const partly = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(partly).toMatchObject({ status: "completed", amountRefunded: quarter });
    expect(stripe.refunds.at(-1)).toMatchObject({ amount: quarter });

    // More than is left is refused, and changes nothing.
    const tooMuch = await refundPayment(payment.id, by, { amount: String(payment.amount), endTime: false });
    expect(tooMuch.ok).toBe(false);

    // The rest, keeping access: refunded whole, and the plan keeps its (shortened) end.
    expect((await refundPayment(payment.id, by, { endTime: false })).ok).toBe(true);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "refunded",
      amountRefunded: payment.amount,
    });
    expect((await subscriptionOf(user.id)).currentPeriodEnd).toEqual(after.currentPeriodEnd);
  });

  it("refuses a payment that was never paid, and changes nothing", async () => {
    pointAppAt(emulators.after);
    const { payment } = await customerWithSession();
    const result = await refundPayment(payment.id, await admin());
    expect(result).toEqual({
      ok: false,
      code: "refund_not_refundable",
      values: { status: { status: "pending" } },
    });
    expect(await transitions(payment.id)).toHaveLength(1);
  });
});

/** A Stripe emulator that sends no events: what happens there, the app only learns by asking. */
async function quietStripe() {
  const quiet = await startStripeEmulator({
    secretKey: STRIPE_SECRET_KEY,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
  });
  pointAppAt(quiet);
  return quiet;
}

describe("reconcile now", () => {
  it("asks Stripe and applies its answer with the admin as the source", async () => {
    const quiet = await quietStripe();
    try {
      const { payment, sessionId } = await customerWithSession();
      await quiet.pay(sessionId);
      const by = await admin();

      const result = await reconcileNow(payment.id, by);

      expect(result.ok).toBe(true);
      expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
      expect((await transitions(payment.id)).at(-1)).toMatchObject({
        fromStatus: "pending",
        toStatus: "completed",
        source: "admin",
        actorId: by.id,
      });
      // Asked again, nothing moves, and the timeline says the admin asked.
      expect(await reconcileNow(payment.id, by)).toEqual({
        ok: true,
        code: "nothing_to_change",
        values: { status: { status: "completed" } },
      });
      expect((await transitions(payment.id)).at(-1)).toMatchObject({
        fromStatus: "completed",
        toStatus: "completed",
      });
    } finally {
      await quiet.close();
    }
  });
});

describe("replay delivery", () => {
  /** A completion event received an hour ago whose processing failed on our side. */
  async function failedDeliveryFromAnHourAgo(quiet: StripeEmulator, secret?: string) {
    const { payment, sessionId } = await customerWithSession();
    await quiet.pay(sessionId);
    const event = quiet.buildEvent("checkout.session.completed", sessionId, {
      timestampOffsetSeconds: -3600,
      secret,
    });
    const delivery = await db.webhookDelivery.create({
      data: {
        provider: "stripe",
        paymentId: payment.id,
        headers: { "content-type": "application/json", "stripe-signature": event.signatureHeader },
        body: event.body,
        outcome: "failed",
        error: "internal error while applying the delivery",
        receivedAt: new Date(Date.now() - 3600_000),
      },
    });
    return { payment, delivery, event };
  }

  it("verifies the delivery as of when it arrived and applies it", async () => {
    const quiet = await quietStripe();
    try {
      const { payment, delivery, event } = await failedDeliveryFromAnHourAgo(quiet);
      const by = await admin();
      // The same bytes delivered now are refused as stale.
      expect((await deliverEvent(event)).status).toBe(400);

      const result = await replayDelivery(delivery.id, by);

      expect(result.ok).toBe(true);
      expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
      expect((await transitions(payment.id)).at(-1)).toMatchObject({
        toStatus: "completed",
        source: "admin",
      });
      expect(await replayDelivery(delivery.id, by)).toEqual({
        ok: true,
        code: "nothing_to_change",
        values: { status: { status: "completed" } },
      });
      expect(
        await db.paymentEvent.count({
          where: { paymentId: payment.id, toStatus: "completed", fromStatus: "pending" },
        }),
      ).toBe(1);
    } finally {
      await quiet.close();
    }
  });

  it("replays a delivery only from its own payment's page", async () => {
    const quiet = await quietStripe();
    try {
      const { payment, delivery } = await failedDeliveryFromAnHourAgo(quiet);
      const other = await customerWithSession();
      const result = await replayDelivery(delivery.id, await admin(), { paymentId: other.payment.id });
      expect(result).toEqual({ ok: false, code: "delivery_other_payment" });
      expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
    } finally {
      await quiet.close();
    }
  });

  it("never applies a forged delivery", async () => {
    const quiet = await quietStripe();
    try {
      const { payment, delivery } = await failedDeliveryFromAnHourAgo(quiet, "whsec_forged");
      const result = await replayDelivery(delivery.id, await admin());
      expect(result).toEqual({
        ok: false,
        code: "delivery_rejected",
        values: { reason: "signature does not match" },
      });
      expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
    } finally {
      await quiet.close();
    }
  });
});

describe("the payment page's data", () => {
  it("masks signatures and tokens in recorded deliveries", async () => {
    pointAppAt(emulators.after);
    const { payment } = await paidCardPayment();
    const { invoice, payment: crypto } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full");
    const postback = await cc.emulator().buildPostback(invoice);
    await POST(
      new Request("http://127.0.0.1/api/webhook/payment", {
        method: "POST",
        headers: { "content-type": postback.contentType },
        body: postback.body,
      }),
    );

    const card = (await getAdminPayment(payment.id))!;
    const signature = card.deliveries[0]!.headers["stripe-signature"]!;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{6}…\(64 chars, masked\)$/);
    const cryptoView = (await getAdminPayment(crypto.id))!;
    const token = (JSON.parse(postback.body) as { token: string }).token;
    expect(cryptoView.deliveries[0]!.body).not.toContain(token);
    expect(cryptoView.deliveries[0]!.body).toContain("masked");
  });

  it("masks a token in any form body the CryptoCloud adapter would read, and 404s an id with a NUL", async () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IklOVi1YIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    for (const body of [`&invoice_id=INV-X&token=${token}`, `a[0]=1&token=${token}&status=success`]) {
      expect(maskBody(body)).not.toContain(token);
      expect(maskBody(body)).toContain("token=");
    }
    expect(await getAdminPayment("pay\u0000x")).toBeNull();
  });
});

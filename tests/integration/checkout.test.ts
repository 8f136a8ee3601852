import { describe, expect, it } from "vitest";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { getCustomerPayment } from "@/lib/billing/payments/queries";
import { reconcilePayment } from "@/lib/billing/payments/reconcile";
import { setCancellation } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";
import { customer, subscriptionOf } from "./helpers";

const cc = withCryptoCloudEmulator();

function checkout(user: { id: string; email: string }, planSlug: string, months: 1 | 12 = 1) {
  return startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug,
    months,
    provider: "cryptocloud",
  });
}

describe("starting a plan checkout", () => {
  it("creates a pending payment at the database price and a CryptoCloud invoice for it", async () => {
    const user = await customer();
    const result = await checkout(user, "pro", 12);
    expect(result.kind).toBe("redirect");
    if (result.kind !== "redirect") return;

    const payment = await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } });
    expect(payment).toMatchObject({
      status: "pending",
      amount: 322_920,
      currency: "USD",
      months: 12,
      provider: "cryptocloud",
    });
    expect(payment.orderId).toMatch(/^ord_[a-z2-7]{20}$/);
    expect(result.url).toBe(payment.paymentUrl);
    expect(payment.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    const created = cc.emulator().requests.findLast((r) => r.path.endsWith("/invoice/create"));
    expect(created?.headers.authorization).toBe("Token test-api-key");
    expect(created?.body).toMatchObject({
      shop_id: "test-shop",
      amount: "3229.20",
      currency: "USD",
      order_id: payment.orderId,
      email: user.email,
    });
    const invoice = cc.emulator().getInvoice(payment.providerRef!);
    expect(invoice).toMatchObject({ orderId: payment.orderId, amount: "3229.20", status: "created" });
  });

  it("sends the customer back to the same open invoice on a second click", async () => {
    const user = await customer();
    const first = await checkout(user, "basic");
    const second = await checkout(user, "basic");
    expect(second).toEqual(first);
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(1);
  });

  it("never sells Free: moving to it is a cancellation that keeps the paid time, and can be resumed", async () => {
    // Today's "Switch to Free" ended the paid period at once, with nothing kept.
    const { user, invoice } = await customerWithInvoice({ plan: "starter", months: 1 });
    await cc.emulator().pay(invoice, "full");
    await reconcilePayment((await db.payment.findFirstOrThrow({ where: { providerRef: invoice } })).id);
    const paid = await subscriptionOf(user.id);
    expect(paid.plan.slug).toBe("starter");

    expect(await checkout(user, "free")).toEqual({
      kind: "unavailable",
      reason: "free_not_bought",
    });
    expect(await setCancellation(user.id, true)).toEqual({ kind: "done", endsAt: paid.currentPeriodEnd });
    const cancelled = await subscriptionOf(user.id);
    expect(cancelled).toMatchObject({ cancelAtPeriodEnd: true, currentPeriodEnd: paid.currentPeriodEnd });
    expect(cancelled.plan.slug).toBe("starter");
    expect(await setCancellation(user.id, true)).toMatchObject({ kind: "nothing-to-do" });

    expect((await setCancellation(user.id, false)).kind).toBe("done");
    expect((await subscriptionOf(user.id)).cancelAtPeriodEnd).toBe(false);
    const events = await db.subscriptionEvent.findMany({
      where: { subscription: { userId: user.id } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.kind)).toEqual(["purchased", "canceled", "resumed"]);
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses a plan that doesn't exist and writes nothing", async () => {
    const user = await customer();
    expect(await checkout(user, "platinum")).toEqual({
      kind: "unavailable",
      reason: "not_on_sale",
      purpose: "subscription",
    });
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(0);
  });

  it("marks the payment failed with the reason when CryptoCloud errors", async () => {
    const user = await customer();
    cc.emulator().failNext("500");
    const result = await checkout(user, "pro");
    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.reason).toMatch(/CryptoCloud refused \/invoice\/create \(HTTP 500\)/);
    expect(result.reason).not.toContain("test-api-key");

    const payment = await db.payment.findUniqueOrThrow({
      where: { orderId: result.orderId },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    expect(payment).toMatchObject({
      status: "failed",
      providerRef: null,
      paymentUrl: null,
      failureReason: result.reason,
    });
    expect(payment.events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, "pending"],
      ["pending", "failed"],
    ]);
  });

  it("marks the payment failed when CryptoCloud doesn't answer in time", { timeout: 40_000 }, async () => {
    const user = await customer();
    cc.emulator().failNext("timeout");
    const result = await checkout(user, "pro");
    expect(result).toMatchObject({ kind: "failed", reason: "CryptoCloud did not answer within 10 s" });
  });
});

describe("reconciliation", () => {
  it("learns a payment the postback never announced, once per interval", async () => {
    const { user, payment, invoice } = await customerWithInvoice();
    await cc.emulator().pay(invoice, "full"); // no postbackUrl: the postback is "lost"

    const result = await reconcilePayment(payment.id);
    expect(result?.outcome).toBe("applied");
    const events = await db.paymentEvent.findMany({
      where: { paymentId: payment.id, toStatus: "completed" },
    });
    expect(events.map((e) => e.source)).toEqual(["reconcile"]);
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
  });

  it("asks the provider at most once per interval, however many pages ask at once", async () => {
    const { payment } = await customerWithInvoice();
    const asked = () =>
      cc.emulator().requests.filter((r) => r.path.endsWith("/invoice/merchant/info")).length;
    const before = asked();
    await Promise.all(Array.from({ length: 5 }, () => reconcilePayment(payment.id)));
    expect(asked() - before).toBe(1);
  });

  it("learns that an invoice expired", async () => {
    const { payment, invoice } = await customerWithInvoice();
    cc.emulator().expire(invoice);
    expect((await reconcilePayment(payment.id))?.outcome).toBe("applied");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("expired");
  });
});

describe("whose payment it is", () => {
  it("never shows one customer's payment to another", async () => {
    const a = await customerWithInvoice();
    const b = await customer("other");
    expect(await getCustomerPayment(a.user.id, a.payment.orderId)).not.toBeNull();
    expect(await getCustomerPayment(b.id, a.payment.orderId)).toBeNull();
  });
});

describe("checkout guards", () => {
  it("opens one invoice for a double submit, even when both arrive at once", async () => {
    const user = await customer();
    const results = await Promise.all([
      checkout(user, "business"),
      checkout(user, "business"),
      checkout(user, "business"),
    ]);
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(1);
    const redirects = results.filter((r) => r.kind === "redirect");
    expect(redirects.length).toBeGreaterThanOrEqual(1);
    for (const other of results.filter((r) => r.kind !== "redirect")) {
      expect(other).toEqual({
        kind: "unavailable",
        reason: "checkout_in_flight",
      });
    }
  });

  it("queues a second, different lower plan after the first instead of refusing it", async () => {
    const { user, invoice } = await customerWithInvoice({ plan: "business", months: 1 });
    await cc.emulator().pay(invoice, "full");
    await reconcilePayment((await db.payment.findFirstOrThrow({ where: { providerRef: invoice } })).id);
    const lower = await checkout(user, "starter");
    expect(lower.kind).toBe("redirect");
    await cc
      .emulator()
      .pay(cc.emulator().findByOrderId((lower as { orderId: string }).orderId)!.uuid, "full");
    await reconcilePayment(
      (await db.payment.findUniqueOrThrow({ where: { orderId: (lower as { orderId: string }).orderId } })).id,
    );
    expect((await subscriptionOf(user.id)).scheduledPlan?.slug).toBe("starter");

    const basic = await checkout(user, "basic");
    expect(basic.kind).toBe("redirect");
    const orderId = (basic as { orderId: string }).orderId;
    await cc.emulator().pay(cc.emulator().findByOrderId(orderId)!.uuid, "full");
    await reconcilePayment((await db.payment.findUniqueOrThrow({ where: { orderId } })).id);
    const sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("business");
    expect(sub.scheduledPlan?.slug).toBe("starter");
    expect((sub.paidPeriods as { planId: string }[]).map((period) => period.planId)).toEqual(
      await Promise.all(["business", "starter", "basic"].map(planIdOf)),
    );
  });
});

async function planIdOf(slug: string): Promise<string> {
  return (await db.plan.findUniqueOrThrow({ where: { slug } })).id;
}

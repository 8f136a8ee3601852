import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revenueTotals } from "@/lib/billing/admin/revenue";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { applyValueAsTime, listNeedsAttention, refundUnapplied } from "@/lib/billing/payments/attention";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { reconcilePayment } from "@/lib/billing/payments/reconcile";
import { getAccountOverview, paymentOutcome } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { customer, paidPlanPayment, pendingPlanPayment, subscriptionOf } from "./helpers";
import { withStripeEmulator } from "./stripe-context";

// A completed plan payment that cannot be applied as bought is never kept silently: it goes to
// the admin's "needs attention" list and out of revenue; Stripe payments are refunded by the
// attention sweep, others wait for an admin, who may apply their value as time.
//
// Every plan of the catalog is sold in every currency, so nothing the customer can do makes a
// payment unapplicable; a misconfigured plan can: "USD only" below has no RUB price, so RUB time
// cannot become its time. It is inactive, so no other test sees it in the catalog.

const stripe = withStripeEmulator();
let usdOnly: { id: string };

beforeAll(async () => {
  usdOnly = await db.plan.create({
    data: {
      slug: `usd-only-${Date.now()}`,
      name: "USD only",
      sortOrder: 99,
      monthlyQuota: 1,
      active: false,
      prices: { create: [{ currency: "USD", months: 1, amount: 5_000 }] },
    },
  });
});
afterAll(async () => {
  await db.payment.deleteMany({ where: { planId: usdOnly.id } });
  await db.plan.delete({ where: { id: usdOnly.id } });
});

/** A customer with a month of Basic paid in roubles. */
async function withRoubleTime() {
  const user = await customer("roubles");
  await paidPlanPayment(user.id, { plan: "basic", currency: "RUB" });
  return user;
}

describe("a plan payment that cannot be applied", () => {
  it("is listed, left out of revenue, and refunded through Stripe by the sweep", async () => {
    const user = await withRoubleTime();
    const started = await startSubscriptionCheckout({
      userId: user.id,
      email: user.email,
      planSlug: "pro",
      months: 1,
      provider: "stripe",
    });
    if (started.kind !== "redirect") throw new Error(JSON.stringify(started));
    // The checkout was for a plan that then lost its RUB price (here: swapped for one without).
    const payment = await db.payment.update({
      where: { orderId: started.orderId },
      data: { planId: usdOnly.id },
    });
    const window = { days: 30 as const, now: new Date(Date.now() + 60_000) };
    const revenueBefore = await revenueTotals(window);
    await stripe.emulator().pay(payment.providerRef!);
    await reconcilePayment(payment.id);

    const stuck = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(stuck.status).toBe("completed");
    expect(stuck.attentionReason).toMatch(/^not applied: USD only has no RUB price/);
    expect((await listNeedsAttention()).map((row) => row.id)).toContain(payment.id);
    expect(await revenueTotals(window)).toEqual(revenueBefore);
    expect((await subscriptionOf(user.id)).plan.slug).toBe("basic");
    // Its success screen does not claim a plan it did not buy.
    expect(paymentOutcome((await getAccountOverview(user.id))!, stuck)).toEqual({ kind: "not_applied" });

    const refundsBefore = stripe.emulator().refunds.length;
    expect(await refundUnapplied()).toMatchObject({ refunded: expect.any(Number) });
    const refunded = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(refunded).toMatchObject({
      status: "refunded",
      amountRefunded: payment.amount,
      attentionReason: null,
    });
    expect(stripe.emulator().refunds.length - refundsBefore).toBe(1);
    // Claimed once: a second run does not refund it again.
    await refundUnapplied();
    expect(stripe.emulator().refunds.length - refundsBefore).toBe(1);
  });

  it("paid without a refund API waits for an admin, who applies its value as time after the paid time", async () => {
    const user = await withRoubleTime();
    const staff = await customer("admin");
    const payment = await pendingPlanPayment(user.id, { plan: "pro" });
    await db.payment.update({ where: { id: payment.id }, data: { planId: usdOnly.id, amount: 5_000 } });
    await applyProviderReport(
      {
        provider: "cryptocloud",
        providerRef: payment.providerRef!,
        status: "completed",
        providerStatus: "paid",
        currency: "USD",
        amountReceived: 5_000,
      },
      { source: "webhook" },
    );
    await refundUnapplied();
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("completed");
    const basicEnd = (await subscriptionOf(user.id)).currentPeriodEnd!;

    const result = await applyValueAsTime(payment.id, staff, "customer asked to keep it");
    expect(result).toMatchObject({ ok: true, code: "applied_as_time", values: { months: 1 } });
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "completed",
      attentionReason: null,
    });
    const sub = await subscriptionOf(user.id);
    expect(sub).toMatchObject({
      plan: { slug: "basic" },
      currentPeriodEnd: basicEnd,
      scheduledPlanId: usdOnly.id,
    });
    const [event] = await db.subscriptionEvent.findMany({
      where: { paymentId: payment.id, kind: "value_applied" },
    });
    expect(event).toMatchObject({ actorId: staff.id, reason: "customer asked to keep it" });
    expect((await applyValueAsTime(payment.id, staff, "again")).ok).toBe(false);
  });
});

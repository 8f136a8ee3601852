import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { checkPaymentAction } from "@/app/dashboard/payment/check-action";
import { checkReceiptAction } from "@/app/pay/[product]/done/check-action";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { db } from "@/lib/db";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";
import { subscriptionOf } from "./helpers";
import { botBuyerWithSession, withStripeEmulator } from "./stripe-context";

// The payment pages' bounded check: a server action of its own, called by the page's AutoRefresh
// while the payment is open. One provider call at most per payment per interval, whatever the
// number of tabs, and never more than ~3 s of waiting, whatever the provider does.

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
const signedInAs = (userId: string | null) =>
  vi
    .mocked(getServerSession)
    .mockResolvedValue(userId ? { user: { id: userId }, expires: "2999-01-01" } : null);
beforeEach(() => {
  vi.mocked(getServerSession).mockReset();
});

const cc = withCryptoCloudEmulator();
const stripe = withStripeEmulator();

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const infoCalls = () =>
  cc.emulator().requests.filter((r) => r.path.endsWith("/invoice/merchant/info")).length;
/** An open invoice nothing has moved for a minute: its postback is late. */
async function lateInvoice() {
  const invoice = await customerWithInvoice();
  await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${new Date(Date.now() - 60_000)} WHERE id = ${invoice.payment.id}`;
  return invoice;
}

describe("the success and error pages' check", () => {
  it("completes a payment whose postback is late", async () => {
    const { user, payment, invoice } = await lateInvoice();
    await cc.emulator().pay(invoice, "full"); // the postback is lost
    signedInAs(user.id);
    expect(await checkPaymentAction(null, form({ order_id: payment.orderId }))).toEqual({
      ok: true,
      data: { changed: true },
    });
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
  });

  it("gives up on a hanging provider after 3 s and reports nothing changed", async () => {
    const { user, payment } = await lateInvoice();
    signedInAs(user.id);
    const before = infoCalls();
    cc.emulator().failNext("timeout"); // held for 30 s; the adapter alone would wait 10 s
    const started = performance.now();
    const result = await checkPaymentAction(null, form({ order_id: payment.orderId }));
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: true, data: { changed: false } });
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(4_000);
    expect(infoCalls() - before).toBe(1);
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
  });

  it("lets one provider call through per interval, however many checks arrive at once", async () => {
    const { user, payment } = await lateInvoice();
    signedInAs(user.id);
    const check = () => checkPaymentAction(null, form({ order_id: payment.orderId }));
    const before = infoCalls();
    await Promise.all(Array.from({ length: 8 }, check));
    expect(infoCalls() - before).toBe(1);
    await Promise.all(Array.from({ length: 8 }, check)); // still within the interval
    expect(infoCalls() - before).toBe(1);

    // The interval (5 s) has passed: one more call, not eight.
    await db.$executeRaw`UPDATE "Payment" SET "checkedAt" = ${new Date(Date.now() - 6_000)} WHERE id = ${payment.id}`;
    await Promise.all(Array.from({ length: 8 }, check));
    expect(infoCalls() - before).toBe(2);
  });

  it("does not ask about a payment that has just moved, nor about another customer's", async () => {
    const fresh = await customerWithInvoice(); // updated just now: its postback may be on its way
    signedInAs(fresh.user.id);
    const before = infoCalls();
    expect(await checkPaymentAction(null, form({ order_id: fresh.payment.orderId }))).toMatchObject({
      ok: true,
    });

    const other = await lateInvoice();
    expect(await checkPaymentAction(null, form({ order_id: other.payment.orderId }))).toEqual({
      ok: false,
      message: "No such payment.",
    });
    signedInAs(null);
    expect(await checkPaymentAction(null, form({ order_id: other.payment.orderId }))).toMatchObject({
      ok: false,
    });
    expect(infoCalls()).toBe(before);
  });
});

describe("the product receipt's check", () => {
  const stripeReads = () => stripe.emulator().requests.filter((r) => r.method === "GET").length;

  it("is opened by the receipt key, without an account, and completes a purchase whose event is late", async () => {
    const { payment, sessionId } = await botBuyerWithSession();
    await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${new Date(Date.now() - 60_000)} WHERE id = ${payment.id}`;
    await stripe.emulator().pay(sessionId); // no webhook reaches us
    signedInAs(null);

    const before = stripeReads();
    expect(await checkReceiptAction(null, form({ order_id: payment.orderId, key: "not-the-key" }))).toEqual({
      ok: false,
      message: "No such purchase.",
    });
    expect(stripeReads()).toBe(before);

    expect(
      await checkReceiptAction(null, form({ order_id: payment.orderId, key: receiptKey(payment.orderId) })),
    ).toEqual({ ok: true, data: { changed: true } });
    const paid = await db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      include: { entitlement: true },
    });
    expect(paid.status).toBe("completed");
    expect(paid.entitlement).not.toBeNull();
  });

  it("gives up on a hanging Stripe after 3 s", async () => {
    const { payment } = await botBuyerWithSession();
    await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${new Date(Date.now() - 60_000)} WHERE id = ${payment.id}`;
    stripe.emulator().failNext("timeout", 3); // the SDK would retry within its own 10 s timeouts
    const started = performance.now();
    const result = await checkReceiptAction(
      null,
      form({ order_id: payment.orderId, key: receiptKey(payment.orderId) }),
    );
    const ms = performance.now() - started;
    expect(result).toEqual({ ok: true, data: { changed: false } });
    expect(ms).toBeGreaterThanOrEqual(2_900);
    expect(ms).toBeLessThan(4_000);
  });
});

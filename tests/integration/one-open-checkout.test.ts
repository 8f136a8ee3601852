import { describe, expect, it } from "vitest";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { startProductCheckout } from "@/lib/billing/products/checkout";
import type { ProviderName } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import { withCryptoCloudEmulator } from "./cryptocloud-context";
import { customer } from "./helpers";
import { withStripeEmulator } from "./stripe-context";

// One open plan checkout per customer: starting another plan closes the earlier checkout at its
// provider first (Stripe: the session is expired; CryptoCloud: merchant/canceled), so a customer
// can never pay two plans by mistake. The emulators' state is read through their control
// endpoints over HTTP, as Playwright would.

const stripe = withStripeEmulator();
const cc = withCryptoCloudEmulator();

type User = { id: string; email: string };

function checkout(user: User, planSlug: string, provider: ProviderName, months: 1 | 12 = 1) {
  return startSubscriptionCheckout({ userId: user.id, email: user.email, planSlug, months, provider });
}

async function opened(user: User, planSlug: string, provider: ProviderName, months: 1 | 12 = 1) {
  const result = await checkout(user, planSlug, provider, months);
  if (result.kind !== "redirect") throw new Error(`checkout did not open: ${JSON.stringify(result)}`);
  return { result, payment: await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } }) };
}

async function control<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}/_emulator/${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}
const stripeSession = (id: string) => control<{ status: string }>(stripe.emulator().url, `sessions/${id}`);
const invoice = (uuid: string) => control<{ status: string }>(cc.emulator().url, `invoices/${uuid}`);

function paymentWithEvents(id: string) {
  return db.payment.findUniqueOrThrow({
    where: { id },
    include: { events: { orderBy: { createdAt: "asc" } } },
  });
}

/** The customer's plan payments still open for paying: the invariant under test. */
function openPlanPayments(userId: string) {
  return db.payment.findMany({
    where: { userId, purpose: "subscription", status: "pending", providerRef: { not: null } },
  });
}

const created = (provider: "stripe" | "cryptocloud") =>
  (provider === "stripe" ? stripe : cc)
    .emulator()
    .requests.filter((r) => r.method === "POST" && /\/(checkout\/sessions|invoice\/create)$/.test(r.path))
    .length;

describe("another plan replaces the open plan checkout", () => {
  it("expires the earlier Stripe session and marks its payment canceled, then opens the new one", async () => {
    const user = await customer("switch-card");
    const pro = await opened(user, "pro", "stripe");
    const basic = await opened(user, "basic", "stripe");

    expect(basic.result.url).toBe(basic.payment.paymentUrl);
    expect(basic.payment).toMatchObject({ status: "pending", provider: "stripe" });
    expect(await stripeSession(basic.payment.providerRef!)).toMatchObject({ status: "open" });
    expect(await stripeSession(pro.payment.providerRef!)).toMatchObject({ status: "expired" });
    expect(
      stripe
        .emulator()
        .requests.some((r) => r.path === `/v1/checkout/sessions/${pro.payment.providerRef}/expire`),
    ).toBe(true);

    const earlier = await paymentWithEvents(pro.payment.id);
    expect(earlier.status).toBe("canceled");
    expect(earlier.events.at(-1)).toMatchObject({
      fromStatus: "pending",
      toStatus: "canceled",
      source: "system",
    });
    expect(earlier.events.at(-1)?.note).toContain(
      `replaced by ${basic.payment.orderId} (another plan checkout)`,
    );
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([basic.payment.id]);
  });

  it("cancels the earlier CryptoCloud invoice through merchant/canceled", async () => {
    const user = await customer("switch-crypto");
    const pro = await opened(user, "pro", "cryptocloud");
    const basic = await opened(user, "basic", "cryptocloud");

    const cancel = cc.emulator().requests.findLast((r) => r.path.endsWith("/invoice/merchant/canceled"));
    expect(cancel?.body).toEqual({ uuid: pro.payment.providerRef });
    expect(cancel?.headers.authorization).toBe("Token test-api-key");
    expect(await invoice(pro.payment.providerRef!)).toMatchObject({ status: "canceled" });
    expect(await invoice(basic.payment.providerRef!)).toMatchObject({ status: "created" });

    const earlier = await paymentWithEvents(pro.payment.id);
    expect(earlier.status).toBe("canceled");
    expect(earlier.events.at(-1)).toMatchObject({
      fromStatus: "pending",
      toStatus: "canceled",
      source: "system",
    });
    expect(earlier.events.at(-1)?.note).toContain(`replaced by ${basic.payment.orderId}`);
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([basic.payment.id]);
  });

  it("replaces a checkout at another provider, and one for other months of the same plan", async () => {
    const user = await customer("switch-mixed");
    const card = await opened(user, "pro", "stripe");
    const crypto = await opened(user, "pro", "cryptocloud");
    expect(await stripeSession(card.payment.providerRef!)).toMatchObject({ status: "expired" });
    const yearly = await opened(user, "pro", "cryptocloud", 12);
    expect(await invoice(crypto.payment.providerRef!)).toMatchObject({ status: "canceled" });
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([yearly.payment.id]);
  });

  it("still sends the same purchase clicked twice back to the open checkout", async () => {
    const user = await customer("same-card");
    const first = await opened(user, "starter", "stripe");
    expect(await checkout(user, "starter", "stripe")).toEqual(first.result);
    expect(await stripeSession(first.payment.providerRef!)).toMatchObject({ status: "open" });
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("when the earlier checkout cannot be closed", () => {
  it("opens nothing when the earlier Stripe session was paid meanwhile, and applies that payment", async () => {
    const user = await customer("paid-card");
    const pro = await opened(user, "pro", "stripe");
    await stripe.emulator().pay(pro.payment.providerRef!); // no webhookUrl: only asking tells us
    const sessionsBefore = created("stripe");

    expect(await checkout(user, "basic", "stripe")).toEqual({
      kind: "unavailable",
      reason: "earlier_checkout_paid",
      item: "Pro",
    });
    expect(created("stripe")).toBe(sessionsBefore);
    expect(await stripeSession(pro.payment.providerRef!)).toMatchObject({ status: "complete" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: pro.payment.id } })).status).toBe("completed");
    const attempt = await db.payment.findFirstOrThrow({
      where: { userId: user.id, id: { not: pro.payment.id } },
    });
    expect(attempt).toMatchObject({ status: "failed", providerRef: null, paymentUrl: null });
    expect(await openPlanPayments(user.id)).toEqual([]);
  });

  it("opens nothing when the earlier CryptoCloud invoice was paid meanwhile", async () => {
    const user = await customer("paid-crypto");
    const pro = await opened(user, "pro", "cryptocloud");
    await cc.emulator().pay(pro.payment.providerRef!, "full");
    const invoicesBefore = created("cryptocloud");

    expect(await checkout(user, "starter", "cryptocloud")).toEqual({
      kind: "unavailable",
      reason: "earlier_checkout_paid",
      item: "Pro",
    });
    expect(created("cryptocloud")).toBe(invoicesBefore);
    expect((await db.payment.findUniqueOrThrow({ where: { id: pro.payment.id } })).status).toBe("completed");
    expect(await openPlanPayments(user.id)).toEqual([]);
  });

  it("opens nothing when Stripe cannot be reached, and leaves the earlier checkout open", async () => {
    const user = await customer("down-card");
    const pro = await opened(user, "pro", "stripe");
    const sessionsBefore = created("stripe");
    stripe.emulator().failNext("500", 3); // the SDK's first try and its two retries

    expect(await checkout(user, "basic", "stripe")).toEqual({
      kind: "unavailable",
      reason: "earlier_checkout_unreachable",
      provider: "stripe",
    });
    expect(created("stripe")).toBe(sessionsBefore);
    expect(await stripeSession(pro.payment.providerRef!)).toMatchObject({ status: "open" });
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([pro.payment.id]);

    // A minute later Stripe answers again: the switch goes through.
    const basic = await opened(user, "basic", "stripe");
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([basic.payment.id]);
  });

  it("opens nothing when CryptoCloud fails the cancel", async () => {
    const user = await customer("down-crypto");
    const pro = await opened(user, "pro", "cryptocloud");
    cc.emulator().failNext("500");

    expect(await checkout(user, "basic", "cryptocloud")).toEqual({
      kind: "unavailable",
      reason: "earlier_checkout_unreachable",
      provider: "cryptocloud",
    });
    expect(await invoice(pro.payment.providerRef!)).toMatchObject({ status: "created" });
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([pro.payment.id]);
  });

  it(
    "takes a cancel whose reply was lost as done once CryptoCloud reads the invoice canceled",
    { timeout: 40_000 },
    async () => {
      const user = await customer("late-crypto");
      const pro = await opened(user, "pro", "cryptocloud");
      cc.emulator().failNext("timeout"); // the cancel takes effect; its reply never comes in time

      const basic = await opened(user, "basic", "cryptocloud");
      expect(await invoice(pro.payment.providerRef!)).toMatchObject({ status: "canceled" });
      expect((await db.payment.findUniqueOrThrow({ where: { id: pro.payment.id } })).status).toBe("canceled");
      expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([basic.payment.id]);
    },
  );
});

describe("concurrent plan checkouts", () => {
  it("leave exactly one open checkout when two plans start at once", async () => {
    const user = await customer("race-fresh");
    const results = await Promise.all([checkout(user, "pro", "stripe"), checkout(user, "basic", "stripe")]);
    const open = await openPlanPayments(user.id);
    expect(open).toHaveLength(1);
    // Either the second waited for the first to be opened ("being opened"), or it came after and
    // replaced it; either way the checkout left open is one the customer was sent to.
    expect(results).toContainEqual({ kind: "redirect", url: open[0]!.paymentUrl, orderId: open[0]!.orderId });
    for (const result of results.filter((r) => r.kind !== "redirect")) {
      expect(result).toEqual({
        kind: "unavailable",
        reason: "checkout_in_flight",
      });
    }
    const others = await db.payment.findMany({ where: { userId: user.id, id: { not: open[0]!.id } } });
    expect(others.every((payment) => payment.status === "canceled")).toBe(true);
  });

  it("leave exactly one open checkout when two plans replace an open one at once", async () => {
    const user = await customer("race-replace");
    const pro = await opened(user, "pro", "cryptocloud");
    await Promise.all([
      checkout(user, "basic", "cryptocloud"),
      checkout(user, "starter", "stripe"),
      checkout(user, "business", "cryptocloud"),
    ]);
    const open = await openPlanPayments(user.id);
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(pro.payment.id);
    expect(await invoice(pro.payment.providerRef!)).toMatchObject({ status: "canceled" });
    // At the providers too: of all the customer's checkouts, only that one can still be paid.
    const sessions = await control<{ id: string; status: string; clientReferenceId: string | null }[]>(
      stripe.emulator().url,
      "sessions",
    );
    const invoices = await control<{ uuid: string; status: string; orderId: string | null }[]>(
      cc.emulator().url,
      "invoices",
    );
    const orderIds = new Set(
      (await db.payment.findMany({ where: { userId: user.id } })).map((payment) => payment.orderId),
    );
    const payable = [
      ...sessions
        .filter((s) => s.status === "open" && orderIds.has(s.clientReferenceId ?? ""))
        .map((s) => s.id),
      ...invoices.filter((i) => i.status === "created" && orderIds.has(i.orderId ?? "")).map((i) => i.uuid),
    ];
    expect(payable).toEqual([open[0]!.providerRef]);
  });
});

describe("product purchases", () => {
  it("are not plan checkouts: neither replaces the other", async () => {
    const user = await customer("product");
    const plan = await opened(user, "pro", "stripe");
    const product = await startProductCheckout({
      productSlug: "telegram-course",
      buyer: { kind: "account", userId: user.id, email: user.email },
    });
    expect(product.kind).toBe("redirect");
    if (product.kind !== "redirect") return;
    const productPayment = await db.payment.findUniqueOrThrow({ where: { orderId: product.orderId } });
    expect(await stripeSession(plan.payment.providerRef!)).toMatchObject({ status: "open" });

    const basic = await opened(user, "basic", "stripe");
    expect(await stripeSession(productPayment.providerRef!)).toMatchObject({ status: "open" });
    expect((await db.payment.findUniqueOrThrow({ where: { id: productPayment.id } })).status).toBe("pending");
    expect((await openPlanPayments(user.id)).map((p) => p.id)).toEqual([basic.payment.id]);
  });
});

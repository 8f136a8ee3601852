import { getServerSession } from "next-auth";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import DashboardPage from "@/app/dashboard/(home)/page";
import PaymentErrorPage from "@/app/dashboard/payment/error/page";
import PaymentSuccessPage from "@/app/dashboard/payment/success/page";
import PlansPage from "@/app/dashboard/plans/page";
import ProductReceiptPage from "@/app/pay/[product]/done/page";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { getAccountOverview } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { customerWithInvoice, withCryptoCloudEmulator } from "./cryptocloud-context";
import { botBuyerWithSession, customerWithSession, withStripeEmulator } from "./stripe-context";
import { renderHtml } from "../support/render-html";

// Pages only read. With both providers hanging (every API call held for 30 s) and open payments
// long past the point where the old renders asked the provider, every page that shows a payment
// renders from the database at once and sends the providers nothing.

// Rendered outside Next: next-intl answers from the catalogs (tests/support/next-intl.ts).
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
// The client components need the app router only in a browser; the server render needs none.
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useRouter: () => ({ refresh() {} }),
}));
const signedInAs = (userId: string) =>
  vi.mocked(getServerSession).mockResolvedValue({ user: { id: userId }, expires: "2999-01-01" });

const cc = withCryptoCloudEmulator();
const stripe = withStripeEmulator();

let crypto: Awaited<ReturnType<typeof customerWithInvoice>>;
let card: Awaited<ReturnType<typeof customerWithSession>>;
let bot: Awaited<ReturnType<typeof botBuyerWithSession>>;

beforeAll(async () => {
  crypto = await customerWithInvoice();
  card = await customerWithSession();
  bot = await botBuyerWithSession();
  // Open and quiet for ten minutes: the old renders asked the provider about each of these.
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = ${tenMinutesAgo}`;
  cc.emulator().failNext("timeout", 20);
  stripe.emulator().failNext("timeout", 20);
});
beforeEach(() => {
  vi.mocked(getServerSession).mockReset();
});

const providerCalls = () => cc.emulator().requests.length + stripe.emulator().requests.length;

/** Runs a page's server render (every read it does) and times it. */
async function timed<T>(render: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await render();
  return { result, ms: performance.now() - started };
}

describe("with every provider hanging", () => {
  it("the dashboard read and the dashboard and plans pages answer at once and ask no provider", async () => {
    await db.$queryRaw`SELECT 1`; // the connection pool is warm, as in a running app
    const before = providerCalls();
    signedInAs(crypto.user.id);

    const overview = await timed(() => getAccountOverview(crypto.user.id));
    expect(overview.ms).toBeLessThan(1000);
    expect(overview.result?.plan.slug).toBe("free");
    const dashboard = await timed(() => DashboardPage());
    expect(dashboard.ms).toBeLessThan(1000);
    const plans = await timed(() =>
      PlansPage({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }),
    );
    expect(plans.ms).toBeLessThan(1000);

    expect(providerCalls()).toBe(before);
    expect((await db.payment.findUniqueOrThrow({ where: { id: crypto.payment.id } })).checkedAt).toBeNull();
  });

  it("the success page shows an open payment as awaiting confirmation, at once", async () => {
    const before = providerCalls();
    for (const { user, payment } of [crypto, card]) {
      signedInAs(user.id);
      const page = await timed(() =>
        PaymentSuccessPage({
          params: Promise.resolve({}),
          searchParams: Promise.resolve({ order_id: payment.orderId }),
        }),
      );
      expect(page.ms).toBeLessThan(1000);
      expect(await renderHtml(page.result)).toContain("Waiting for confirmation");
    }
    expect(providerCalls()).toBe(before);
  });

  it("the error page shows an open payment as not failed, at once", async () => {
    const before = providerCalls();
    signedInAs(crypto.user.id);
    const page = await timed(() =>
      PaymentErrorPage({
        params: Promise.resolve({}),
        searchParams: Promise.resolve({ order_id: crypto.payment.orderId }),
      }),
    );
    expect(page.ms).toBeLessThan(1000);
    expect(await renderHtml(page.result)).toContain("This payment has not failed.");
    expect(providerCalls()).toBe(before);
  });

  it("the product receipt opened with its key shows the purchase as pending, at once", async () => {
    const before = providerCalls();
    const orderId = bot.payment.orderId;
    const page = await timed(() =>
      ProductReceiptPage({
        params: Promise.resolve({ product: "telegram-course" }),
        searchParams: Promise.resolve({ order_id: orderId, key: receiptKey(orderId) }),
      }),
    );
    expect(page.ms).toBeLessThan(1000);
    expect(await renderHtml(page.result)).toContain("Waiting for confirmation");
    expect(providerCalls()).toBe(before);
    expect(getServerSession).not.toHaveBeenCalled(); // the key alone opened it
  });
});

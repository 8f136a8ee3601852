import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPendingPayment } from "@/lib/billing/payments/create";
import { db, disconnectDb } from "@/lib/db";
import { createUser } from "@/lib/users";
import { Browser, serverActionId, startHangingServer } from "./browser-less";
import {
  appEnv,
  describeProcesses,
  migrateAndSeed,
  startApp,
  startDatabase,
  stopAll,
  type AppServer,
  type FaultDatabase,
} from "./harness";

// A provider that hangs: CryptoCloud's API base points at a server that accepts connections and
// never answers. A customer starting a crypto checkout (the plans page's form, posted as a browser
// does) must get the error page once the adapter's budget is spent (CRYPTOCLOUD_TIMEOUT_MS, 10 s
// in lib/billing/providers/cryptocloud/api.ts), with the payment failed and why; meanwhile pages
// answer at once, and the payment page's check (the one place a page's request asks a provider)
// gives up after its own budget (PAGE_CHECK_BUDGET_MS, 3 s in lib/billing/payments/reconcile.ts).

const CHECKOUT_BUDGET_MS = 10_000;
const PAGE_CHECK_BUDGET_MS = 3_000;
/** Slack for a loaded 2-core machine. */
const SLACK_MS = 5_000;
/**
 * A page that does not wait on the provider answers well within this; one that did would take
 * the rest of the checkout's 10 s (pages are asked 1.5 s into it).
 */
const PAGE_MS = 5_000;
const PASSWORD = "a long enough password";

let database: FaultDatabase | undefined;
let hanging: Awaited<ReturnType<typeof startHangingServer>> | undefined;
let app: AppServer | undefined;
let buyerEmail = "";
let watcher = { email: "", orderId: "" };

beforeAll(async () => {
  database = await startDatabase();
  await migrateAndSeed(database.url);
  process.env.DATABASE_URL = database.url;
  hanging = await startHangingServer();

  buyerEmail = (await createUser({ email: "buyer@faults.example", password: PASSWORD })).email;
  // A customer back from CryptoCloud whose invoice is still open, and late: its page asks.
  const other = await createUser({ email: "watcher@faults.example", password: PASSWORD });
  const plan = await db.plan.findUniqueOrThrow({ where: { slug: "pro" }, include: { prices: true } });
  const price = plan.prices.find((p) => p.currency === "USD" && p.months === 1)!;
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId: other.id,
      purpose: "subscription",
      provider: "cryptocloud",
      amount: price.amount,
      currency: "USD",
      planId: plan.id,
      months: 1,
    }),
  );
  await db.payment.update({
    where: { id: payment.id },
    data: {
      providerRef: "INV-HANGING1",
      paymentUrl: "https://pay.cryptocloud.plus/HANGING1",
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  await db.$executeRaw`UPDATE "Payment" SET "updatedAt" = now() - interval '1 minute' WHERE id = ${payment.id}`;
  watcher = { email: other.email, orderId: payment.orderId };
  await disconnectDb();

  app = await startApp("app", {
    ...appEnv(database.url),
    CRYPTOCLOUD_API_KEY: "faults-api-key",
    CRYPTOCLOUD_SHOP_ID: "faults-shop",
    CRYPTOCLOUD_SECRET_KEY: "faults-secret-key",
    CRYPTOCLOUD_API_BASE: `${hanging.url}/v2`,
    DEFAULT_LOCALE: "en",
  });
}, 180_000);

afterAll(async () => {
  await stopAll();
  await hanging?.close();
  await disconnectDb();
  await database?.destroy();
}, 60_000);

describe("a provider that never answers", () => {
  it("fails the checkout within its budget with the reason, while pages answer at once", async ({
    onTestFailed,
  }) => {
    onTestFailed(() => console.log(describeProcesses([app!])));
    const buyer = new Browser(app!.url);
    await buyer.signIn(buyerEmail, PASSWORD);
    const other = new Browser(app!.url);
    await other.signIn(watcher.email, PASSWORD);
    const checkAction = serverActionId("app/dashboard/payment/check-action.ts", "checkPaymentAction");
    const before = hanging!.connections();

    const checkout = buyer.submitForm(
      "/dashboard/plans",
      { plan: "pro", months: "1" },
      { provider: "cryptocloud" },
    );
    // While the checkout waits on CryptoCloud: the buyer's dashboard, the other customer's payment
    // page, and that page's check (which asks the hung provider itself).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const dashboard = await buyer.request("/dashboard");
    const successPage = await other.request(`/dashboard/payment/success?order_id=${watcher.orderId}`);
    const check = await other.callAction(
      `/dashboard/payment/success?order_id=${watcher.orderId}`,
      checkAction,
      { order_id: watcher.orderId },
    );
    const answered = await checkout;
    console.log(
      `slow provider: checkout answered ${answered.response.status} after ${answered.ms} ms; meanwhile ` +
        `/dashboard ${dashboard.ms} ms, payment page ${successPage.ms} ms, its check ${check.ms} ms`,
    );

    expect(dashboard.response.status).toBe(200);
    expect(dashboard.ms).toBeLessThan(PAGE_MS);
    expect(successPage.response.status).toBe(200);
    expect(successPage.ms).toBeLessThan(PAGE_MS);
    // The check did ask the hung provider, and gave up after its own budget, answering the page.
    expect(check.response.status).toBe(200);
    expect(check.text).toContain('{"ok":true,"data":{"changed":false}}');
    expect(check.ms).toBeGreaterThanOrEqual(PAGE_CHECK_BUDGET_MS - 250);
    expect(check.ms).toBeLessThan(PAGE_CHECK_BUDGET_MS + SLACK_MS);
    expect(app!.grep("did not answer within 3 s").length).toBeGreaterThan(0);
    expect(hanging!.connections()).toBeGreaterThan(before); // the checkout and the check did call it

    // The checkout: given up after the adapter's budget, not sooner, not much later.
    expect(answered.response.status).toBe(303);
    const location = answered.response.headers.get("location") ?? "";
    expect(location).toMatch(/\/dashboard\/payment\/error\?order_id=/);
    expect(answered.ms).toBeGreaterThanOrEqual(CHECKOUT_BUDGET_MS - 500);
    expect(answered.ms).toBeLessThan(CHECKOUT_BUDGET_MS + SLACK_MS);
    const orderId = new URL(location, app!.url).searchParams.get("order_id")!;
    const payment = await db.payment.findUniqueOrThrow({ where: { orderId } });
    expect(payment).toMatchObject({
      status: "failed",
      provider: "cryptocloud",
      failureReason: "CryptoCloud did not answer within 10 s",
    });
    const errorPage = await buyer.request(location);
    expect(errorPage.response.status).toBe(200);
    expect(errorPage.text).toContain("CryptoCloud did not answer within 10 s");
  }, 120_000);
});

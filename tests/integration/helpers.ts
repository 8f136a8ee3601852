import { afterAll, beforeAll, expect } from "vitest";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { createPendingPayment } from "@/lib/billing/payments/create";
import type { ProviderName, ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users";

let counter = 0;

/** A fresh customer on the free plan. */
export function customer(label = "customer") {
  counter += 1;
  return createUser({
    email: `${label}-${counter}-${Date.now()}@example.com`,
    password: "long enough password",
  });
}

/** A pending subscription payment as checkout leaves it once the provider answered. */
export async function pendingPlanPayment(
  userId: string,
  options: { plan?: string; months?: 1 | 12; providerRef?: string; currency?: string } = {},
) {
  const plan = await db.plan.findUniqueOrThrow({ where: { slug: options.plan ?? "pro" } });
  const months = options.months ?? 1;
  const currency = options.currency ?? "USD";
  const price = await db.price.findUniqueOrThrow({
    where: { planId_currency_months: { planId: plan.id, currency, months } },
  });
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId,
      purpose: "subscription",
      provider: "cryptocloud",
      amount: price.amount,
      currency,
      planId: plan.id,
      months,
    }),
  );
  const providerRef = options.providerRef ?? `INV-${payment.id.slice(-8).toUpperCase()}`;
  return db.payment.update({
    where: { id: payment.id },
    data: { providerRef, paymentUrl: "https://pay.example/x" },
  });
}

export function subscriptionOf(userId: string) {
  return db.subscription.findUniqueOrThrow({
    where: { userId },
    include: { plan: true, scheduledPlan: true },
  });
}

/**
 * An emulator on 127.0.0.1 for one test file, with the app's environment pointed at it (so the
 * real adapter talks to it over real HTTP), closed when the file is done.
 */
export function withEmulator<E extends { close(): Promise<void> }>(
  start: () => Promise<E>,
  env: (emulator: E) => Record<string, string>,
): { emulator: () => E } {
  let emulator: E | undefined;
  beforeAll(async () => {
    emulator = await start();
    Object.assign(process.env, env(emulator));
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    emulator: () => {
      if (!emulator) throw new Error("emulator not started");
      return emulator;
    },
  };
}

/** A customer who has started paying for a plan with `provider` and holds its open checkout. */
export async function customerWithCheckout(
  provider: ProviderName,
  options: { plan?: string; months?: 1 | 12; label?: string } = {},
) {
  const user = await customer(options.label ?? provider);
  const result = await startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug: options.plan ?? "pro",
    months: options.months ?? 1,
    provider,
  });
  if (result.kind !== "redirect") throw new Error(`checkout did not open: ${JSON.stringify(result)}`);
  const payment = await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } });
  return { user, payment, providerRef: payment.providerRef!, url: result.url };
}

/**
 * A plan payment for `userId`, completed through the apply path (as a CryptoCloud postback would),
 * and the report that completed it.
 */
export async function paidPlanPayment(
  userId: string,
  options: { plan?: string; months?: 1 | 12; currency?: string; now?: Date } = {},
) {
  const payment = await pendingPlanPayment(userId, options);
  const report: ProviderReport = {
    provider: "cryptocloud",
    providerRef: payment.providerRef!,
    status: "completed",
    providerStatus: "paid",
    currency: payment.currency,
    amountReceived: payment.amount,
  };
  const result = await applyProviderReport(report, { source: "webhook", now: options.now });
  expect(result.outcome).toBe("applied");
  return { payment, report };
}

/**
 * The course bought from the Telegram bot by chat `chatId` (no account), with Stripe: the pending
 * payment, and the report that completes it once applied.
 */
export async function pendingCoursePurchase(chatId: string) {
  const product = await db.product.findUniqueOrThrow({
    where: { slug: "telegram-course" },
    include: { prices: true },
  });
  const price = product.prices.find((p) => p.currency === "USD")!;
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId: null,
      purpose: "product",
      provider: "stripe",
      amount: price.amount,
      currency: "USD",
      productId: product.id,
      telegramChatId: chatId,
    }),
  );
  const providerRef = `cs_test_${payment.id}`;
  await db.payment.update({ where: { id: payment.id }, data: { providerRef } });
  const report: ProviderReport = {
    provider: "stripe",
    providerRef,
    status: "completed",
    providerStatus: "checkout.session.completed",
    currency: "USD",
    amountReceived: price.amount,
  };
  return { chatId, payment, report };
}

import { createPendingPayment } from "@/lib/billing/payments";
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

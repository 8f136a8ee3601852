import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { createPendingPayment, failPayment } from "@/lib/billing/payments";
import { getProvider } from "@/lib/billing/providers";
import { ProviderError, type ProviderName } from "@/lib/billing/providers/types";
import type { BillingMonths } from "@/lib/billing/pricing";
import { switchToFreePlan } from "@/lib/billing/subscriptions";
import { db } from "@/lib/db";

// Starting a plan purchase. The price always comes from the database (never from the form); the
// Payment row exists before the provider is called, so every attempt is on record, and a provider
// failure leaves a `failed` payment with its reason instead of a half-written one.

/** How long a customer has to pay an invoice. */
export const INVOICE_TTL_MINUTES = 60;

export type CheckoutResult =
  | { kind: "switched"; message: string }
  | { kind: "redirect"; url: string; orderId: string }
  | { kind: "failed"; orderId: string; reason: string }
  | { kind: "unavailable"; reason: string };

export async function startSubscriptionCheckout(
  input: { userId: string; email: string; planSlug: string; months: BillingMonths; provider: ProviderName },
  now = new Date(),
): Promise<CheckoutResult> {
  const plan = await db.plan.findFirst({ where: { slug: input.planSlug, active: true } });
  if (!plan) return { kind: "unavailable", reason: "This plan is not available." };
  if (plan.slug === FREE_PLAN_SLUG) {
    await switchToFreePlan(input.userId, now);
    return { kind: "switched", message: "You are on the Free plan now." };
  }

  const provider = getProvider(input.provider);
  if (!provider) return { kind: "unavailable", reason: "This payment method is not available right now." };
  const price = await db.price.findUnique({
    where: { planId_currency_months: { planId: plan.id, currency: provider.currency, months: input.months } },
  });
  if (!price) return { kind: "unavailable", reason: `${plan.name} cannot be paid in ${provider.currency}.` };

  // A double click or the back button must not open a second invoice for the same purchase.
  const open = await db.payment.findFirst({
    where: {
      userId: input.userId,
      purpose: "subscription",
      planId: plan.id,
      months: input.months,
      provider: provider.name,
      amount: price.amount,
      status: "pending",
      paymentUrl: { not: null },
      expiresAt: { gt: new Date(now.getTime() + 5 * 60_000) },
    },
    orderBy: { createdAt: "desc" },
  });
  if (open?.paymentUrl) return { kind: "redirect", url: open.paymentUrl, orderId: open.orderId };

  const payment = await createPendingPayment({
    userId: input.userId,
    purpose: "subscription",
    provider: provider.name,
    amount: price.amount,
    currency: price.currency,
    planId: plan.id,
    months: input.months,
  });
  try {
    const created = await provider.createPayment({
      orderId: payment.orderId,
      amount: price.amount,
      currency: price.currency,
      email: input.email,
      description: `${plan.name}, ${input.months === 12 ? "12 months" : "1 month"}`,
      expiresInMinutes: INVOICE_TTL_MINUTES,
    });
    await db.payment.update({
      where: { id: payment.id },
      data: {
        providerRef: created.providerRef,
        paymentUrl: created.paymentUrl,
        expiresAt: created.expiresAt,
      },
    });
    return { kind: "redirect", url: created.paymentUrl, orderId: payment.orderId };
  } catch (error) {
    const reason =
      error instanceof ProviderError ? error.message : "The payment provider could not be reached.";
    if (!(error instanceof ProviderError)) console.error("checkout failed", payment.orderId, error);
    await failPayment(payment.id, reason, "system");
    return { kind: "failed", orderId: payment.orderId, reason };
  }
}

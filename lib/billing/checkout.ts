import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { createPendingPayment, failPayment } from "@/lib/billing/payments";
import { getProvider } from "@/lib/billing/providers";
import { ProviderError, type ProviderName } from "@/lib/billing/providers/types";
import type { BillingMonths } from "@/lib/billing/pricing";
import { switchToFreePlan } from "@/lib/billing/subscriptions";
import { db } from "@/lib/db";
import { formatDate } from "@/lib/format";

// Starting a plan purchase. The price always comes from the database (never from the form); the
// Payment row exists before the provider is called, so every attempt is on record, and a provider
// failure leaves a `failed` payment with its reason instead of a half-written one.

/** How long a customer has to pay an invoice. */
export const INVOICE_TTL_MINUTES = 60;
/** A payment without a provider reference younger than this is an invoice still being created. */
const IN_FLIGHT_SECONDS = 30;

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
  const sub = await db.subscription.findUnique({
    where: { userId: input.userId },
    include: { plan: true, scheduledPlan: true },
  });
  const conflict = scheduleConflict(sub, plan, now);
  if (conflict) return { kind: "unavailable", reason: conflict };

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

  const purchase = {
    userId: input.userId,
    purpose: "subscription" as const,
    provider: provider.name,
    amount: price.amount,
    currency: price.currency,
    planId: plan.id,
    months: input.months,
  };
  // One checkout per customer at a time: a double click, a second tab or the back button must
  // find the invoice the first one opened (or is opening), not open another.
  const claim = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`checkout:${input.userId}`}))`;
    const open = await tx.payment.findFirst({
      where: {
        ...purchase,
        status: "pending",
        OR: [
          { paymentUrl: { not: null }, expiresAt: { gt: new Date(now.getTime() + 5 * 60_000) } },
          { providerRef: null, createdAt: { gt: new Date(now.getTime() - IN_FLIGHT_SECONDS * 1000) } },
        ],
      },
      orderBy: { createdAt: "desc" },
    });
    return open ? { existing: open } : { created: await createPendingPayment(tx, purchase) };
  });
  if (claim.existing) {
    return claim.existing.paymentUrl
      ? { kind: "redirect", url: claim.existing.paymentUrl, orderId: claim.existing.orderId }
      : { kind: "unavailable", reason: "Your invoice is being created. Try again in a moment." };
  }

  const payment = claim.created;
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

/** A purchase that would drop or contradict a plan the customer has already prepaid. */
function scheduleConflict(
  sub: {
    plan: { sortOrder: number };
    currentPeriodEnd: Date | null;
    scheduledPlanId: string | null;
    scheduledPlan: { name: string } | null;
  } | null,
  plan: { id: string; slug: string; sortOrder: number },
  now: Date,
): string | null {
  if (!sub?.scheduledPlan || !sub.currentPeriodEnd) return null;
  const starts = formatDate(sub.currentPeriodEnd);
  if (plan.slug === FREE_PLAN_SLUG) {
    return `You have prepaid ${sub.scheduledPlan.name} from ${starts}; switching to Free now would forfeit it.`;
  }
  const lower = sub.currentPeriodEnd > now && plan.sortOrder < sub.plan.sortOrder;
  if (lower && sub.scheduledPlanId !== plan.id) {
    return `${sub.scheduledPlan.name} is already scheduled from ${starts}. You can add months to it, or upgrade.`;
  }
  return null;
}

import { newOrderId } from "@/lib/billing/payments/create";
import { db } from "@/lib/db";
import type { PaymentProvider, PaymentPurpose, PaymentStatus } from "@/lib/generated/prisma/client";

// Payments and subscriptions written straight to the database at fixed instants, for the admin
// figures (which depend on dates and statuses, not on how a payment got there).

export const DAY = 24 * 60 * 60 * 1000;

export async function planId(slug: string): Promise<string> {
  return (await db.plan.findUniqueOrThrow({ where: { slug } })).id;
}

export async function productId(slug = "telegram-course"): Promise<string> {
  return (await db.product.findUniqueOrThrow({ where: { slug } })).id;
}

export async function insertPayment(input: {
  amount: number;
  currency?: string;
  status: PaymentStatus;
  /** When it was paid; createdAt defaults to the same instant. */
  paidAt?: Date | null;
  createdAt?: Date;
  userId?: string | null;
  purpose?: PaymentPurpose;
  plan?: string;
  months?: number;
  product?: string;
  provider?: PaymentProvider;
}) {
  const purpose = input.purpose ?? (input.product ? "product" : "subscription");
  const createdAt = input.createdAt ?? input.paidAt ?? new Date();
  return db.payment.create({
    data: {
      orderId: newOrderId(),
      userId: input.userId ?? null,
      purpose,
      planId: purpose === "subscription" ? await planId(input.plan ?? "pro") : null,
      months: purpose === "subscription" ? (input.months ?? 1) : null,
      productId: input.product ? await productId(input.product) : null,
      provider: input.provider ?? "stripe",
      amount: input.amount,
      currency: input.currency ?? "USD",
      status: input.status,
      paidAt: input.paidAt ?? null,
      createdAt,
    },
  });
}

/** Puts the user on a plan until `end` (or with `status`), as a completed payment would. */
export async function putOnPlan(
  userId: string,
  slug: string,
  end: Date | null,
  status: "active" | "canceled" | "expired" = "active",
) {
  await db.subscription.update({
    where: { userId },
    data: { planId: await planId(slug), currentPeriodEnd: end, status },
  });
}

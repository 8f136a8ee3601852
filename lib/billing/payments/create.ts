import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { decideTransition } from "@/lib/billing/payments/transitions";
import type { PaymentEventSource, PaymentProvider, PaymentPurpose } from "@/lib/generated/prisma/client";

// Creating a payment and failing it before the provider ever knew it. Everything after the
// provider has a reference goes through lib/billing/apply.ts.

/** Our order id, sent to providers: `ord_` + 20 random base32 characters (100 bits). */
export function newOrderId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return `ord_${Array.from(randomBytes(20), (byte) => alphabet[byte % 32]).join("")}`;
}

export async function createPendingPayment(
  tx: Tx,
  input: {
    userId: string | null;
    purpose: PaymentPurpose;
    provider: PaymentProvider;
    amount: number;
    currency: string;
    planId?: string;
    months?: number;
    productId?: string;
    telegramChatId?: string;
  },
) {
  const payment = await tx.payment.create({ data: { ...input, orderId: newOrderId(), status: "pending" } });
  await tx.paymentEvent.create({
    data: {
      paymentId: payment.id,
      fromStatus: null,
      toStatus: "pending",
      source: "customer",
      actorId: input.userId,
    },
  });
  return payment;
}

/** Marks a payment failed with a reason, if the transition table allows it from where it is. */
export async function failPayment(
  paymentId: string,
  reason: string,
  source: PaymentEventSource,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    if (decideTransition(payment.status, "failed").kind !== "move") return false;
    const moved = await tx.payment.updateMany({
      where: { id: paymentId, status: payment.status },
      data: { status: "failed", failureReason: reason },
    });
    if (moved.count !== 1) return false;
    await tx.paymentEvent.create({
      data: { paymentId, fromStatus: payment.status, toStatus: "failed", source, note: reason },
    });
    return true;
  });
}

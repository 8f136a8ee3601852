import { fulfilProduct } from "@/lib/billing/products/fulfilment";
import { queueTelegramNotification } from "@/lib/billing/notifications";
import { formatMoney } from "@/lib/billing/pricing";
import { applySubscriptionPayment } from "@/lib/billing/subscriptions/periods";
import { formatDate } from "@/lib/format";
import type { Tx } from "@/lib/db";
import type { Payment, PaymentStatus } from "@/lib/generated/prisma/client";

// What a payment's move to a new status causes, inside the transaction that moves it: the
// subscription, the product, and the customer's notifications. Returns notes for the timeline.

export async function applyStatusEffects(
  tx: Tx,
  payment: Payment,
  to: PaymentStatus,
  now: Date,
): Promise<string[]> {
  const notes: string[] = [];
  if (to === "completed") {
    if (payment.purpose === "subscription" && payment.userId && payment.planId && payment.months) {
      notes.push(
        await applySubscriptionPayment(
          tx,
          { userId: payment.userId, planId: payment.planId, months: payment.months },
          now,
        ),
      );
      const userId = payment.userId;
      await notifyAccountHolder(tx, payment, "plan_activated", () => planActivatedText(tx, userId));
    }
    if (payment.purpose === "product" && payment.productId) {
      notes.push(await fulfilProduct(tx, { ...payment, productId: payment.productId }));
    }
  }
  if (to === "refunded") {
    if (payment.purpose === "product") {
      const revoked = await tx.entitlement.updateMany({
        where: { paymentId: payment.id, revokedAt: null },
        data: { revokedAt: now },
      });
      if (revoked.count > 0) notes.push("entitlement revoked");
    }
    // The paid period is left as it is: whether a refund also ends the plan is a decision the
    // admin makes (as on Stripe, where refunding never cancels a subscription by itself).
    if (payment.purpose === "subscription") notes.push("subscription period unchanged");
  }
  if (to === "failed") {
    await notifyAccountHolder(
      tx,
      payment,
      "payment_failed",
      () =>
        `Your payment of ${formatMoney(payment.amount, payment.currency)} (order ${payment.orderId}) failed.` +
        (payment.failureReason ? ` Reason: ${payment.failureReason}` : ""),
    );
  }
  return notes;
}

/** A message to the account's linked Telegram chat, if it has one; once per payment and kind. */
async function notifyAccountHolder(
  tx: Tx,
  payment: Payment,
  kind: "plan_activated" | "payment_failed",
  text: () => string | Promise<string>,
) {
  if (!payment.userId) return;
  const user = await tx.user.findUnique({ where: { id: payment.userId }, select: { telegramChatId: true } });
  if (!user?.telegramChatId) return;
  await queueTelegramNotification(tx, {
    dedupeKey: `payment:${payment.id}:${kind}`,
    chatId: user.telegramChatId,
    kind,
    text: await text(), // built only for customers who have a chat to send it to
    userId: payment.userId,
    paymentId: payment.id,
  });
}

async function planActivatedText(tx: Tx, userId: string): Promise<string> {
  const sub = await tx.subscription.findUniqueOrThrow({
    where: { userId },
    include: { plan: true, scheduledPlan: true },
  });
  if (sub.scheduledPlan && sub.currentPeriodEnd) {
    return `Payment received: ${sub.scheduledPlan.name} starts on ${formatDate(sub.currentPeriodEnd)}.`;
  }
  const until = sub.currentPeriodEnd ? ` until ${formatDate(sub.currentPeriodEnd)}` : "";
  return `Payment received: your ${sub.plan.name} plan is active${until}.`;
}

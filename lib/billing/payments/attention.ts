import { done, refused, type AdminResult } from "@/lib/billing/admin/outcome";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { refund } from "@/lib/billing/payments/refund";
import { refundsThroughApi } from "@/lib/billing/providers/registry";
import { appendPaidTime } from "@/lib/billing/subscriptions/admin-rules";
import { lockSettled, save } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { PaymentProvider } from "@/lib/generated/prisma/client";

// Payments an admin must look at: one that completed but could not be applied as bought (the
// apply path marks it, effects.ts), and a refund that failed (refund.ts). Such a payment is kept
// out of revenue until it is resolved. One that can be refunded through its provider (Stripe) is
// refunded by the attention sweep without anyone having to look; the rest wait for an admin, who
// refunds it (the payment's page) or applies its value as time (here).

const BATCH = 20;

/** What is on the admin's "needs attention" list, oldest first. */
export async function listNeedsAttention(take = 100) {
  return db.payment.findMany({
    where: { attentionReason: { not: null } },
    orderBy: [{ attentionSince: "asc" }, { id: "asc" }],
    take,
    select: {
      id: true,
      orderId: true,
      status: true,
      provider: true,
      amount: true,
      amountRefunded: true,
      currency: true,
      purpose: true,
      attentionReason: true,
      attentionSince: true,
      user: { select: { id: true, email: true } },
      plan: { select: { name: true } },
      months: true,
    },
  });
}

export async function countNeedsAttention(): Promise<number> {
  return db.payment.count({ where: { attentionReason: { not: null } } });
}

/**
 * Completed payments that could not be applied and whose provider refunds through its API:
 * refunded whole (they gave nothing, so no time ends). Claimed with a backoff on nextCheckAt,
 * which the reconcile sweeps leave alone once a payment has completed: a provider that refuses
 * is asked again after 1, 2, 4 … minutes (at most an hour), while the payment stays on the list.
 */
export async function refundUnapplied(now = new Date()): Promise<{ refunded: number; failed: number }> {
  const providers = Object.values(PaymentProvider).filter(refundsThroughApi);
  if (providers.length === 0) return { refunded: 0, failed: 0 };
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Payment" p
    SET checks = p.checks + 1,
        "nextCheckAt" = ${now}::timestamp + LEAST(power(2, LEAST(p.checks, 6)), 60) * interval '1 minute'
    FROM (
      SELECT id FROM "Payment"
      WHERE status = 'completed' AND "attentionReason" LIKE ${`${NOT_APPLIED}%`}
        AND "amountRefunded" = 0 AND provider::text = ANY(${providers})
        AND ("nextCheckAt" IS NULL OR "nextCheckAt" <= ${now})
      ORDER BY "attentionSince"
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE p.id = due.id
    RETURNING p.id`;
  const counts = { refunded: 0, failed: 0 };
  for (const { id } of claimed) {
    const result = await refund(id, { source: "system", actorId: null }, { endTime: false }, now);
    counts[result.ok ? "refunded" : "failed"] += 1;
  }
  return counts;
}

/** A code and its values, worded by the admin console (lib/billing/admin/outcome.ts). */
export type ResolveResult = AdminResult;

/**
 * An admin resolves a plan payment that could not be applied by giving the customer what it
 * paid for: its months of its plan, after all their paid time, worth its amount. Under the
 * subscription's lock, then the payment's (the apply path's order); recorded on both timelines.
 */
export async function applyValueAsTime(
  paymentId: string,
  admin: { id: string },
  reason: string,
  now = new Date(),
): Promise<ResolveResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment?.attentionReason?.startsWith(NOT_APPLIED) || payment.status !== "completed") {
    return refused("not_waiting");
  }
  if (payment.purpose !== "subscription" || !payment.userId || !payment.planId || !payment.months) {
    return refused("not_plan_payment");
  }
  const { userId, planId, months } = payment;
  return db.$transaction(async (tx): Promise<ResolveResult> => {
    const { id, state, plans } = await lockSettled(tx, userId, now);
    const cleared = await tx.payment.updateMany({
      where: {
        id: paymentId,
        status: "completed",
        attentionReason: payment.attentionReason,
        amountRefunded: 0,
      },
      data: { attentionReason: null, attentionSince: null },
    });
    if (cleared.count === 0) return refused("payment_changed");
    const plan = plans.byId(planId);
    const result = appendPaidTime(state, plan, months, payment, plans, now);
    if (result.kind === "refused") throw new Error(result.reason); // rolls the clearing back
    await save(tx, id, result.state, [result.change], { actorId: admin.id, reason, paymentId });
    await tx.paymentEvent.create({
      data: {
        paymentId,
        fromStatus: "completed",
        toStatus: "completed",
        source: "admin",
        actorId: admin.id,
        note: `applied as time: ${result.change.note} (${reason})`,
      },
    });
    return done("applied_as_time", {
      plan: plan.name,
      months,
      until: result.state.currentPeriodEnd ? { date: result.state.currentPeriodEnd } : "—",
    });
  });
}

import { lockForApply, writeApply } from "@/lib/billing/payments/apply-sql";
import { decideEffects } from "@/lib/billing/payments/effects";
import { decideTransition } from "@/lib/billing/payments/transitions";
import { formatMoney } from "@/lib/billing/pricing";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { startFreeSubscription } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import type { PaymentEventSource, PaymentStatus } from "@/lib/generated/prisma/client";

// The one path by which a provider's word changes a payment: webhooks, reconciliation and admin
// actions all call applyProviderReport(). In one transaction: one locking read of the payment and
// everything its effects depend on, the decision in TypeScript (the transition table, the
// amounts, the subscription rules), and one writing statement for the payment, its event, its
// effect and its notification (apply-sql.ts). Concurrent deliveries queue on the row lock, so
// exactly one of them moves the payment and the rest find nothing left to do.

export type ApplyOutcome = {
  outcome: "applied" | "duplicate" | "ignored";
  paymentId: string | null;
  /** What happened, in words: shown in the delivery log and the timeline. */
  detail: string;
  /** Whether the webhook delivery being applied was marked `applied` in the same statement. */
  deliveryRecorded: boolean;
};

export interface ApplyContext {
  source: PaymentEventSource;
  deliveryId?: string;
  actorId?: string;
  now?: Date;
}

export async function applyProviderReport(
  report: ProviderReport,
  context: ApplyContext,
): Promise<ApplyOutcome> {
  const now = context.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      let snapshot = await lockForApply(tx, report);
      if (!snapshot) {
        const name = report.providerRef ?? report.orderId ?? "(unnamed)";
        return outcome("ignored", null, `no ${report.provider} payment ${name}`);
      }
      const { payment } = snapshot;
      if (payment.purpose === "subscription" && payment.userId && !snapshot.subscription) {
        // Every account gets one at registration; an account made another way gets it now.
        await startFreeSubscription(tx, payment.userId, now);
        snapshot = (await lockForApply(tx, report))!;
      }

      if (report.currency !== payment.currency) {
        return outcome("ignored", payment.id, `currency ${report.currency} ≠ ${payment.currency}`);
      }
      const received = receivedMinorUnits(report, payment.amount) ?? payment.amountReceived;
      // A completion for less than the invoice is never treated as paid.
      let to: PaymentStatus = report.status;
      if (to === "completed" && received !== null && received < payment.amount) to = "partially_paid";
      // Only more money is news: a stale report of a smaller amount never moves a payment back.
      const decision = decideTransition(
        payment.status,
        to,
        received !== null && received > (payment.amountReceived ?? 0),
      );
      // A refund of part of a paid payment (made at the provider) is news without a status change.
      const refundedTotal =
        to === "refunded"
          ? Math.max(received ?? payment.amount, payment.amountRefunded)
          : Math.max(report.amountRefunded ?? 0, payment.amountRefunded);
      const refundedNow = refundedTotal - payment.amountRefunded;
      const partialRefund =
        decision.kind === "noop" && refundedNow > 0 && REFUNDABLE_WITHOUT_MOVING.includes(payment.status);
      if (decision.kind === "noop" && !partialRefund) {
        return outcome("duplicate", payment.id, `already ${payment.status}`);
      }
      if (decision.kind === "refused") {
        return outcome("ignored", payment.id, `${decision.from} → ${decision.to} is not allowed`);
      }

      const failureReason = report.failureReason ?? null;
      const effects = decideEffects(snapshot, to, failureReason ?? payment.failureReason, now, refundedNow);
      const note = [
        `${report.provider}: ${report.providerStatus}`,
        amountNote(payment.amount, received, payment.currency),
        partialRefund
          ? `${formatMoney(refundedNow, payment.currency, AUDIT_LOCALE)} refunded at the provider`
          : "",
        ...effects.notes,
      ]
        .filter(Boolean)
        .join("; ");
      const moved = await writeApply(tx, {
        now,
        at: new Date(),
        payment: {
          id: payment.id,
          from: payment.status,
          to,
          amountReceived: received,
          cryptoAmount: report.cryptoAmount ?? null,
          cryptoCurrency: report.cryptoCurrency ?? null,
          failureReason,
          paidAt: to === "completed" ? now : null,
          amountRefunded: refundedNow > 0 ? refundedTotal : null,
          attentionReason: effects.attention,
          clearAttention: to === "refunded" && effects.attention === null,
        },
        event: {
          source: context.source,
          deliveryId: context.deliveryId ?? null,
          actorId: context.actorId ?? null,
          note,
        },
        subscription: effects.subscription,
        wallet: effects.wallet,
        grant: effects.grant,
        revokeEntitlement: effects.revokeEntitlement,
        notification: effects.notification,
        deliveryId: context.source === "webhook" ? (context.deliveryId ?? null) : null,
      });
      if (!moved) throw new Error(`payment ${payment.id} changed under its row lock`);
      return {
        ...outcome("applied", payment.id, `${payment.status} → ${to}: ${note}`),
        deliveryRecorded: context.source === "webhook" && context.deliveryId !== undefined,
      };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** Paid statuses that a partial refund leaves as they are. */
const REFUNDABLE_WITHOUT_MOVING: readonly PaymentStatus[] = ["completed", "partially_paid"];

function outcome(kind: ApplyOutcome["outcome"], paymentId: string | null, detail: string): ApplyOutcome {
  return { outcome: kind, paymentId, detail, deliveryRecorded: false };
}

/** What the report says arrived, in minor units of the payment's currency (rounded down). */
function receivedMinorUnits(report: ProviderReport, expected: number): number | null {
  if (report.receivedFraction) {
    const { received, of } = report.receivedFraction;
    return Number((BigInt(expected) * received) / of);
  }
  return report.amountReceived;
}

// The timeline's notes are an audit record written once, in the operators' language (English),
// next to the structured fields (status, amounts) that the admin console renders per reader.
const AUDIT_LOCALE = "en";

function amountNote(expected: number, received: number | null, currency: string): string {
  if (received === null) return "";
  if (received > expected) return `overpaid by ${formatMoney(received - expected, currency, AUDIT_LOCALE)}`;
  if (received < expected)
    return `received ${formatMoney(received, currency, AUDIT_LOCALE)} of ${formatMoney(expected, currency, AUDIT_LOCALE)}`;
  return "";
}

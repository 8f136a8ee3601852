import { db } from "@/lib/db";
import { formatMoney } from "@/lib/billing/pricing";
import { applyStatusEffects } from "@/lib/billing/payments/effects";
import { decideTransition } from "@/lib/billing/payments/transitions";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { Prisma, type PaymentEventSource, type PaymentStatus } from "@/lib/generated/prisma/client";

// The one path by which a provider's word changes a payment: webhooks, reconciliation and admin
// replays all call applyProviderReport(). In one transaction it locks the payment row, decides the
// move with the transition table, updates the status conditionally, writes the PaymentEvent and
// performs the effect (subscription). Concurrent deliveries queue on the row lock, so exactly one
// of them moves the payment and the rest find nothing left to do.

export type ApplyOutcome = {
  outcome: "applied" | "duplicate" | "ignored";
  paymentId: string | null;
  /** What happened, in words: shown in the delivery log and the timeline. */
  detail: string;
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
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Payment"
        WHERE provider = ${report.provider}::"PaymentProvider"
          AND ${
            report.providerRef === null
              ? Prisma.sql`"orderId" = ${report.orderId ?? ""}`
              : Prisma.sql`"providerRef" = ${report.providerRef}`
          }
        FOR UPDATE`;
      if (!row)
        return {
          outcome: "ignored",
          paymentId: null,
          detail: `no ${report.provider} payment ${report.providerRef ?? report.orderId ?? "(unnamed)"}`,
        };
      const payment = await tx.payment.findUniqueOrThrow({ where: { id: row.id } });

      if (report.currency !== payment.currency) {
        return {
          outcome: "ignored",
          paymentId: payment.id,
          detail: `currency ${report.currency} ≠ ${payment.currency}`,
        };
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
      if (decision.kind === "noop")
        return { outcome: "duplicate", paymentId: payment.id, detail: `already ${payment.status}` };
      if (decision.kind === "refused") {
        return {
          outcome: "ignored",
          paymentId: payment.id,
          detail: `${decision.from} → ${decision.to} is not allowed`,
        };
      }

      const moved = await tx.payment.updateMany({
        where: { id: payment.id, status: payment.status },
        data: {
          status: to,
          amountReceived: received,
          cryptoAmount: report.cryptoAmount ?? undefined,
          cryptoCurrency: report.cryptoCurrency ?? undefined,
          failureReason: report.failureReason ?? undefined,
          paidAt: to === "completed" ? now : undefined,
        },
      });
      if (moved.count !== 1) throw new Error(`payment ${payment.id} changed under its row lock`);

      const notes = [
        `${report.provider}: ${report.providerStatus}`,
        amountNote(payment.amount, received, payment.currency),
      ];
      notes.push(...(await applyStatusEffects(tx, { ...payment, status: to }, to, now)));
      const note = notes.filter(Boolean).join("; ");
      await tx.paymentEvent.create({
        data: {
          paymentId: payment.id,
          fromStatus: payment.status,
          toStatus: to,
          source: context.source,
          deliveryId: context.deliveryId,
          actorId: context.actorId,
          note,
        },
      });
      return { outcome: "applied", paymentId: payment.id, detail: `${payment.status} → ${to}: ${note}` };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** What the report says arrived, in minor units of the payment's currency (rounded down). */
function receivedMinorUnits(report: ProviderReport, expected: number): number | null {
  if (report.receivedFraction) {
    const { received, of } = report.receivedFraction;
    return Number((BigInt(expected) * received) / of);
  }
  return report.amountReceived;
}

function amountNote(expected: number, received: number | null, currency: string): string {
  if (received === null) return "";
  if (received > expected) return `overpaid by ${formatMoney(received - expected, currency)}`;
  if (received < expected)
    return `received ${formatMoney(received, currency)} of ${formatMoney(expected, currency)}`;
  return "";
}

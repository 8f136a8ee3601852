import { done, type AdminResult } from "@/lib/billing/admin/outcome";
import { applyProviderReport, type ApplyOutcome } from "@/lib/billing/payments/apply";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

// What every admin command on a payment shares (refund, reconcile now, replay): each goes through
// the one apply path with the admin as the source, and each leaves a PaymentEvent signed by the
// admin — a status change, or, when the action changed nothing (the provider's webhook got there
// first), a note saying what happened. The answer is a code with its values (lib/billing/admin/
// outcome.ts), which the admin console words in the admin's language.

export type AdminActionResult = AdminResult;

export interface Admin {
  id: string;
}

/**
 * Applies a provider's report on an admin's behalf, and notes it when nothing moved. `applied`
 * is the outcome when it moved the payment; it is given the payment's status after the change.
 */
export async function settleAsAdmin(
  report: ProviderReport,
  admin: Admin,
  applied: (status: PaymentStatus) => AdminActionResult,
): Promise<AdminActionResult> {
  const result: ApplyOutcome = await applyProviderReport(report, { source: "admin", actorId: admin.id });
  const payment = result.paymentId
    ? await db.payment.findUniqueOrThrow({ where: { id: result.paymentId }, select: { status: true } })
    : null;
  if (result.outcome === "applied" && payment) return applied(payment.status);
  if (result.paymentId && payment) {
    await adminNote(
      result.paymentId,
      payment.status,
      admin,
      `${report.provider} says ${report.providerStatus}; ${result.detail}`,
    );
  }
  return unchanged(result, payment?.status ?? null);
}

/**
 * Nothing moved: the payment already stood where the report puts it (its webhook was first), or
 * the report does not apply (the apply path's own words, a log line, say why).
 */
export function unchanged(result: ApplyOutcome, status: PaymentStatus | null): AdminActionResult {
  if (result.outcome === "duplicate" && status) return done("nothing_to_change", { status: { status } });
  return done("not_applied", { detail: result.detail });
}

/** A timeline entry for an admin action that moved nothing (from = to). */
export async function adminNote(paymentId: string, status: PaymentStatus, admin: Admin, text: string) {
  await db.paymentEvent.create({
    data: { paymentId, fromStatus: status, toStatus: status, source: "admin", actorId: admin.id, note: text },
  });
}

import { applyProviderReport, type ApplyOutcome } from "@/lib/billing/payments/apply";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

// What every admin command on a payment shares (refund, reconcile now, replay): each goes through
// the one apply path with the admin as the source, and each leaves a PaymentEvent signed by the
// admin — a status change, or, when the action changed nothing (the provider's webhook got there
// first), a note saying what happened.

export type AdminActionResult = { ok: true; message: string } | { ok: false; message: string };

export interface Admin {
  id: string;
}

/** Applies a provider's report on an admin's behalf, and notes it when nothing moved. */
export async function settleAsAdmin(
  report: ProviderReport,
  admin: Admin,
  done: string,
): Promise<AdminActionResult> {
  const result: ApplyOutcome = await applyProviderReport(report, { source: "admin", actorId: admin.id });
  if (result.outcome === "applied") return { ok: true, message: `${done} ${result.detail}` };
  if (result.paymentId) {
    const payment = await db.payment.findUniqueOrThrow({
      where: { id: result.paymentId },
      select: { status: true },
    });
    await adminNote(
      result.paymentId,
      payment.status,
      admin,
      `${report.provider} says ${report.providerStatus}; ${result.detail}`,
    );
  }
  return { ok: true, message: `Nothing to change: ${result.detail}.` };
}

/** A timeline entry for an admin action that moved nothing (from = to). */
export async function adminNote(paymentId: string, status: PaymentStatus, admin: Admin, text: string) {
  await db.paymentEvent.create({
    data: { paymentId, fromStatus: status, toStatus: status, source: "admin", actorId: admin.id, note: text },
  });
}

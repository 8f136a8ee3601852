import { applyProviderReport, type ApplyOutcome } from "@/lib/billing/payments/apply";
import {
  adminNote,
  settleAsAdmin,
  type Admin,
  type AdminActionResult,
} from "@/lib/billing/payments/admin-action";
import { getProvider } from "@/lib/billing/providers/registry";
import { ProviderError, type ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";

// Providers' notifications can be late or lost, and CryptoCloud notifies only after a payment:
// an expiry, for one, is only learned by asking. reconcilePayment() asks the provider and applies
// the answer through the same path as a webhook. At most one check per payment per interval,
// claimed with a conditional update, however many pages or workers ask at once.

const MIN_INTERVAL_SECONDS = 10;
/** After its expiry, an invoice the provider still calls pending is given this long to settle. */
const EXPIRY_GRACE_MS = 5 * 60_000;

/**
 * For the customer's pages: ask the provider only when the payment is still open and nothing has
 * moved it for `lateAfterSeconds` (a postback normally arrives first). Never throws: when the
 * provider is down, the page shows what we know and asks again on its next refresh.
 */
export async function reconcileIfLate(
  payment: { id: string; status: string; updatedAt: Date },
  lateAfterSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const open = payment.status === "pending" || payment.status === "partially_paid";
  if (!open || now.getTime() - payment.updatedAt.getTime() < lateAfterSeconds * 1000) return false;
  const result = await reconcilePayment(payment.id, now).catch((error: unknown) => {
    console.error("reconcile failed", payment.id, error instanceof Error ? error.message : error);
    return null;
  });
  return result?.outcome === "applied";
}

export async function reconcilePayment(paymentId: string, now = new Date()): Promise<ApplyOutcome | null> {
  const claimed = await db.$executeRaw`
    UPDATE "Payment" SET "checkedAt" = ${now}
    WHERE id = ${paymentId}
      AND status IN ('pending', 'partially_paid')
      AND "providerRef" IS NOT NULL
      AND ("checkedAt" IS NULL OR "checkedAt" < ${new Date(now.getTime() - MIN_INTERVAL_SECONDS * 1000)})`;
  if (claimed === 0) return null;

  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const provider = getProvider(payment.provider);
  if (!provider || !payment.providerRef) return null;

  const report = await provider.fetchStatus(payment.providerRef);
  if (report && report.status !== "pending") return applyProviderReport(report, { source: "reconcile", now });

  const overdue = payment.expiresAt && now.getTime() > payment.expiresAt.getTime() + EXPIRY_GRACE_MS;
  if (!overdue) return null;
  return applyProviderReport(
    {
      provider: payment.provider,
      providerRef: payment.providerRef,
      status: "expired",
      providerStatus: report ? `${report.providerStatus} past expiry` : "unknown to the provider past expiry",
      currency: payment.currency,
      amountReceived: null,
    },
    { source: "reconcile", now },
  );
}

/** Asks the provider for the payment's state now and applies the answer. */
export async function reconcileNow(paymentId: string, admin: Admin): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return { ok: false, message: "No such payment." };
  const provider = getProvider(payment.provider);
  if (!provider || !payment.providerRef) {
    return { ok: false, message: "This payment has no provider to ask." };
  }
  let report: ProviderReport | null;
  try {
    report = await provider.fetchStatus(payment.providerRef);
  } catch (error) {
    const message = error instanceof ProviderError ? error.message : "The provider could not be reached.";
    return { ok: false, message };
  }
  if (!report) {
    await adminNote(
      paymentId,
      payment.status,
      admin,
      `reconcile: ${payment.provider} does not know ${payment.providerRef}`,
    );
    return { ok: true, message: `${payment.provider} does not know this payment.` };
  }
  await db.payment.update({ where: { id: paymentId }, data: { checkedAt: new Date() } });
  return settleAsAdmin(report, admin, `The provider says ${report.providerStatus}.`);
}

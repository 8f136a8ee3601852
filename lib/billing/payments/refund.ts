import {
  adminNote,
  settleAsAdmin,
  type Admin,
  type AdminActionResult,
} from "@/lib/billing/payments/admin-action";
import { getProvider } from "@/lib/billing/providers/registry";
import { ProviderError, type ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

// An admin's refund: through the provider's API where it has one, else recorded as a manual
// refund the admin made themselves; applied through the one apply path either way.

const REFUNDABLE: readonly PaymentStatus[] = ["completed", "partially_paid"];

export async function refundPayment(paymentId: string, admin: Admin): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return { ok: false, message: "No such payment." };
  if (!REFUNDABLE.includes(payment.status)) {
    return { ok: false, message: `A ${payment.status} payment cannot be refunded.` };
  }
  const provider = getProvider(payment.provider);

  let report: ProviderReport;
  if (provider?.refund && payment.providerRef) {
    try {
      report = await provider.refund({
        providerRef: payment.providerRef,
        orderId: payment.orderId,
        currency: payment.currency,
      });
    } catch (error) {
      const message = error instanceof ProviderError ? error.message : "The provider could not be reached.";
      if (!(error instanceof ProviderError)) console.error("refund failed", payment.orderId, error);
      await adminNote(paymentId, payment.status, admin, `refund refused: ${message}`);
      return { ok: false, message };
    }
  } else {
    // No refund API (CryptoCloud): the admin sent the money back themselves; we record it.
    report = {
      provider: payment.provider,
      providerRef: payment.providerRef,
      orderId: payment.orderId,
      status: "refunded",
      providerStatus: "manual refund recorded by an admin",
      currency: payment.currency,
      amountReceived: null,
    };
  }
  if (report.status !== "refunded") {
    await adminNote(paymentId, payment.status, admin, `refund requested: ${report.providerStatus}`);
    return {
      ok: true,
      message: `Refund requested; ${report.providerStatus}. The payment moves when it is done.`,
    };
  }
  return settleAsAdmin(report, admin, "Refunded.");
}

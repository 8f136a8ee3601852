import { toDecimalString } from "@/lib/billing/money";
import { ProviderError, type RefundRequest, type RefundResult } from "@/lib/billing/providers/types";
import { callYooKassa } from "@/lib/billing/providers/yookassa/api";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { idempotenceKey } from "@/lib/billing/providers/yookassa/keys";
import { getPayment, RECEIPT_EMAIL_KEY } from "@/lib/billing/providers/yookassa/payments";
import { receiptFor, type Receipt } from "@/lib/billing/providers/yookassa/receipt";
import { cancellationReason } from "@/lib/billing/providers/yookassa/status";
import { refundObject } from "@/lib/billing/providers/yookassa/wire";

// A refund of a succeeded payment, whole or partial (POST /refunds). The Idempotence-Key names
// the order, what was refunded before and the amount: two admins (or a retry) asking for the same
// refund at once make one refund, and a later second partial refund is a new one. The refund
// itself changes nothing here: the payment's refunded_amount, re-fetched after the
// refund.succeeded notification (or by reconciliation), is what the apply path records.

export async function refundPayment(config: YooKassaConfig, request: RefundRequest): Promise<RefundResult> {
  const currency = request.currency.toUpperCase();
  const receipt = config.receipts ? await refundReceipt(config, request, currency) : undefined;
  const refund = await callYooKassa(config, {
    method: "POST",
    path: "/refunds",
    body: {
      payment_id: request.providerRef,
      amount: { value: toDecimalString(request.amount, currency), currency },
      ...(receipt ? { receipt } : {}),
    },
    idempotenceKey: idempotenceKey("refund", request.orderId, request.alreadyRefunded, request.amount),
    result: refundObject,
    action: "refund the payment",
  });
  if (refund.status === "canceled") {
    const details = refund.cancellation_details;
    const why = cancellationReason(details?.party, details?.reason);
    throw new ProviderError(`YooKassa canceled the refund${why ? ` (${why})` : ""}`);
  }
  // A pending refund finishes later; its refund.succeeded notification says when.
  return {
    state: refund.status === "succeeded" ? "succeeded" : "pending",
    providerStatus: `refund ${refund.status}`,
  };
}

/**
 * A refund's receipt names the same buyer and service as the payment's: both are read from the
 * payment itself (its description, and the address kept in its metadata when it was created).
 */
async function refundReceipt(
  config: YooKassaConfig,
  request: RefundRequest,
  currency: string,
): Promise<Receipt | undefined> {
  const payment = await getPayment(config, request.providerRef);
  if (!payment) throw new ProviderError("YooKassa does not know the payment to refund");
  const email = payment.metadata?.[RECEIPT_EMAIL_KEY];
  return receiptFor(config, {
    email: typeof email === "string" && email !== "" ? email : null,
    description: payment.description ?? `Order ${request.orderId}`,
    amount: request.amount,
    currency,
  });
}

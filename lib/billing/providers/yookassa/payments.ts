import { z } from "zod";
import { toDecimalString } from "@/lib/billing/money";
import {
  ProviderError,
  type CreatedPayment,
  type CreatePaymentRequest,
  type ProviderReport,
} from "@/lib/billing/providers/types";
import { callYooKassa, YooKassaRefusal } from "@/lib/billing/providers/yookassa/api";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { idempotenceKey } from "@/lib/billing/providers/yookassa/keys";
import { receiptFor } from "@/lib/billing/providers/yookassa/receipt";
import { paymentReport } from "@/lib/billing/providers/yookassa/status";
import { truncate } from "@/lib/billing/providers/yookassa/text";
import { paymentObject, type YooKassaPayment } from "@/lib/billing/providers/yookassa/wire";

// Payments: one per order, captured at once (capture: true: money is ours when the buyer pays,
// with no second step that could be forgotten), confirmed on YooKassa's page (confirmation
// type "redirect"), carrying our order id in metadata.

/** Metadata key for the buyer's receipt address, kept so a refund's receipt can name it too. */
export const RECEIPT_EMAIL_KEY = "receipt_email";

const createdPayment = paymentObject.extend({
  confirmation: z.object({ type: z.literal("redirect"), confirmation_url: z.url() }),
});

export async function createPayment(
  config: YooKassaConfig,
  request: CreatePaymentRequest,
): Promise<CreatedPayment> {
  // YooKassa sends the buyer back to one return_url whatever happened; the success page there
  // shows the payment's real state (paid, waiting, or why it failed).
  const returnUrl = request.successUrl ?? request.cancelUrl;
  if (!returnUrl) throw new TypeError("YooKassa needs a return URL (successUrl)");
  const currency = request.currency.toUpperCase();
  const description = truncate(request.description, 128);
  const receipt = receiptFor(config, {
    email: request.email,
    description,
    amount: request.amount,
    currency,
  });
  const payment = await callYooKassa(config, {
    method: "POST",
    path: "/payments",
    body: {
      amount: { value: toDecimalString(request.amount, currency), currency },
      capture: true,
      confirmation: { type: "redirect", return_url: returnUrl },
      description,
      metadata: {
        order_id: request.orderId,
        ...(receipt ? { [RECEIPT_EMAIL_KEY]: receipt.customer.email } : {}),
      },
      ...(receipt ? { receipt } : {}),
    },
    // One order, one payment: a retried create (ours, or a second click) returns the first one.
    idempotenceKey: idempotenceKey("pay", request.orderId),
    result: createdPayment,
    action: "create the payment",
  });
  return {
    providerRef: payment.id,
    paymentUrl: payment.confirmation.confirmation_url,
    // YooKassa gives a pending payment no deadline of its own (it cancels it as
    // expired_on_confirmation when the buyer gives up); ours lets the expiry sweep close it, and
    // money that still arrives later completes it all the same.
    expiresAt: new Date(Date.now() + request.expiresInMinutes * 60_000),
  };
}

/** GET /payments/{id}; null when YooKassa does not know it. */
export async function getPayment(config: YooKassaConfig, paymentId: string): Promise<YooKassaPayment | null> {
  try {
    return await callYooKassa(config, {
      method: "GET",
      path: `/payments/${encodeURIComponent(paymentId)}`,
      result: paymentObject,
      action: "look up the payment",
    });
  } catch (error) {
    if (error instanceof YooKassaRefusal && error.status === 404) return null;
    throw error;
  }
}

/** The payment's current state in our terms; null when YooKassa does not know it. */
export async function fetchPayment(
  config: YooKassaConfig,
  paymentId: string,
): Promise<ProviderReport | null> {
  const payment = await getPayment(config, paymentId);
  if (!payment) return null;
  if (payment.id !== paymentId) throw new ProviderError("YooKassa answered about another payment");
  return paymentReport(payment);
}

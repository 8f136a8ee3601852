// How emulated objects look on the wire, field for field as YooKassa's API reference shows them
// (yookassa.ru/developers/api): amounts as {value: "1490.00", currency}, dates as ISO 8601 UTC with
// milliseconds, `test: true` (a test shop). Fields appear when YooKassa shows them: `confirmation`
// while the buyer can still pay, `captured_at` once succeeded, `refunded_amount` once a refund
// succeeded, `cancellation_details` once canceled. Left out, as nothing here uses them:
// `payment_method` (the emulated buyer pays "somehow"), `income_amount` and `authorization_details`.
import type { EmulatedPayment, EmulatedRefund } from "./model";
import { formatAmount } from "./money";

/** The emulated shop's gateway, as `recipient.gateway_id`. */
const GATEWAY_ID = "100700";

export function paymentObject(payment: EmulatedPayment, shopId: string): Record<string, unknown> {
  const money = (minor: number) => ({ value: formatAmount(minor), currency: payment.currency });
  const paid = payment.status === "succeeded" || payment.status === "waiting_for_capture";
  return {
    id: payment.id,
    status: payment.status,
    paid,
    amount: money(payment.amount),
    ...(payment.status === "succeeded" ? { captured_at: payment.capturedAt?.toISOString() } : {}),
    created_at: payment.createdAt.toISOString(),
    ...(payment.description !== null ? { description: payment.description } : {}),
    ...(payment.status === "pending"
      ? {
          confirmation: {
            type: "redirect",
            confirmation_url: payment.confirmationUrl,
            return_url: payment.returnUrl,
          },
        }
      : {}),
    metadata: { ...payment.metadata },
    recipient: { account_id: shopId, gateway_id: GATEWAY_ID },
    refundable: payment.status === "succeeded" && payment.refunded < payment.amount,
    ...(payment.refunded > 0 ? { refunded_amount: money(payment.refunded) } : {}),
    ...(payment.cancellation ? { cancellation_details: { ...payment.cancellation } } : {}),
    test: true,
  };
}

export function refundObject(refund: EmulatedRefund): Record<string, unknown> {
  return {
    id: refund.id,
    payment_id: refund.paymentId,
    status: refund.status,
    created_at: refund.createdAt.toISOString(),
    amount: { value: formatAmount(refund.amount), currency: refund.currency },
    ...(refund.description !== null ? { description: refund.description } : {}),
  };
}

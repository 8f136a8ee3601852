import { fromDecimal, toDecimalString } from "@/lib/billing/money";
import type { ProviderReport } from "@/lib/billing/providers/types";
import type { YooKassaPayment } from "@/lib/billing/providers/yookassa/wire";

// A YooKassa payment in our terms (PROVIDERS.md, "Mapping"): pending and waiting_for_capture are
// pending; succeeded is completed, or refunded once refunded_amount reaches the amount (a partial
// refund leaves it completed, with amountRefunded saying how much went back); canceled is failed,
// with the reason in words. An unknown status is pending: a payment is never completed on a guess.

export function paymentReport(payment: YooKassaPayment): ProviderReport {
  const currency = payment.amount.currency.toUpperCase();
  const amount = fromDecimal(payment.amount.value, currency);
  const base = { provider: "yookassa" as const, providerRef: payment.id, currency };
  switch (payment.status) {
    case "succeeded": {
      // Absent until a refund succeeds: nothing refunded yet.
      const refunded = payment.refunded_amount ? fromDecimal(payment.refunded_amount.value, currency) : 0;
      const whole = refunded >= amount;
      return {
        ...base,
        status: whole ? "refunded" : "completed",
        amountReceived: amount,
        amountRefunded: refunded,
        providerStatus:
          refunded > 0
            ? `succeeded, ${toDecimalString(refunded, currency)} of ${toDecimalString(amount, currency)} ${currency} refunded`
            : "succeeded",
      };
    }
    case "canceled": {
      const details = payment.cancellation_details;
      return {
        ...base,
        status: "failed",
        amountReceived: null,
        failureReason: cancellationReason(details?.party, details?.reason),
        providerStatus: details ? `canceled (${details.party}: ${details.reason})` : "canceled",
      };
    }
    default:
      // pending (the buyer has not paid yet) and waiting_for_capture (paid, awaiting our capture,
      // which capture: true never leaves it in) are both still open.
      return { ...base, status: "pending", amountReceived: null, providerStatus: payment.status };
  }
}

const PARTY: Record<string, string> = {
  merchant: "Canceled by the merchant",
  yoo_kassa: "Declined by YooKassa",
  payment_network: "Declined by the bank",
};

// YooKassa's cancellation reasons (yookassa.ru/developers/payment-acceptance/after-the-payment/declined-payments).
const REASON: Record<string, string> = {
  "3d_secure_failed": "3-D Secure authentication failed",
  call_issuer: "the bank asks the buyer to call it",
  canceled_by_merchant: "canceled by the merchant",
  card_expired: "the card has expired",
  country_forbidden: "payments from this country are not accepted",
  deal_expired: "the deal expired",
  expired_on_capture: "the payment was not captured in time",
  expired_on_confirmation: "the buyer did not confirm the payment in time",
  fraud_suspected: "suspected fraud",
  general_decline: "declined without a reason given",
  identification_required: "the buyer's wallet must be identified first",
  insufficient_funds: "insufficient funds",
  internal_timeout: "not processed in time",
  invalid_card_number: "invalid card number",
  invalid_csc: "invalid card security code",
  issuer_unavailable: "the bank could not be reached",
  payment_method_limit_exceeded: "the payment method's limit is reached",
  payment_method_restricted: "the payment method is restricted",
  permission_revoked: "the buyer revoked the permission to charge",
  unsupported_mobile_operator: "the mobile operator is not supported",
};

/** "Declined by the bank: insufficient funds"; null when YooKassa gave no details. */
export function cancellationReason(party: string | undefined, reason: string | undefined): string | null {
  if (!party && !reason) return null;
  const who = (party && PARTY[party]) ?? "Canceled";
  if (!reason) return who;
  const why = REASON[reason] ?? reason.replaceAll("_", " ");
  // "Canceled by the merchant: canceled by the merchant" says it twice.
  return why.toLowerCase() === who.toLowerCase() ? who : `${who}: ${why}`;
}

// How the payment behind a session looks on the wire: Stripe's `payment_intent`, `charge` and
// `refund` objects (docs.stripe.com/api, stripe-node v23 types). Fields the emulator has no
// model for carry what a test-mode card payment shows (null, false, {}).
// Chosen here, where Stripe's behaviour depends on settings the emulator does not model: the
// PaymentIntent and its charge carry the session's metadata merged with
// `payment_intent_data[metadata]` (Stripe itself copies only the latter); a delayed payment is a
// US bank debit, whose charge ids start with "py_" as Stripe's do.
import type { RefundRecord, SessionRecord } from "./model";

export const NULL_ADDRESS = {
  city: null,
  country: null,
  line1: null,
  line2: null,
  postal_code: null,
  state: null,
};

const intentMetadata = (s: SessionRecord) => ({ ...s.metadata, ...s.paymentIntentMetadata });

export function paymentIntentObject(s: SessionRecord) {
  const status = s.charge
    ? "succeeded"
    : s.asyncPayment === "failed"
      ? "requires_payment_method"
      : s.asyncPayment === "pending"
        ? "processing"
        : "requires_payment_method";
  return {
    id: s.paymentIntent,
    object: "payment_intent",
    amount: s.amountTotal,
    amount_capturable: 0,
    amount_received: s.charge ? s.amountTotal : 0,
    capture_method: "automatic_async",
    created: s.charge?.created ?? s.created,
    currency: s.currency,
    customer: null,
    description: null,
    last_payment_error:
      s.asyncPayment === "failed"
        ? {
            type: "invalid_request_error",
            code: "payment_method_unactivated",
            message: "The payment failed.",
          }
        : null,
    latest_charge: s.charge?.id ?? null,
    livemode: false,
    metadata: intentMetadata(s),
    payment_method: s.charge ? `pm_${s.charge.id.slice(3)}` : null,
    payment_method_types: [s.charge?.method ?? (s.asyncPayment ? "us_bank_account" : "card")],
    status,
  };
}

export function chargeObject(s: SessionRecord) {
  const charge = s.charge;
  if (!charge) throw new Error(`session ${s.id} has no charge`);
  const details =
    charge.method === "card"
      ? {
          card: {
            brand: "visa",
            country: "US",
            exp_month: 12,
            exp_year: 2034,
            funding: "credit",
            last4: "4242",
          },
        }
      : { us_bank_account: { account_type: "checking", bank_name: "STRIPE TEST BANK", last4: "6789" } };
  return {
    id: charge.id,
    object: "charge",
    amount: s.amountTotal,
    amount_captured: s.amountTotal,
    amount_refunded: s.amountRefunded,
    balance_transaction: `txn_${charge.id.slice(3)}`,
    billing_details: {
      address: NULL_ADDRESS,
      email: s.customerEmail,
      name: "Emulated Customer",
      phone: null,
    },
    calculated_statement_descriptor: "EMULATOR",
    captured: true,
    created: charge.created,
    currency: s.currency,
    customer: null,
    description: null,
    disputed: false,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: intentMetadata(s),
    outcome: {
      network_status: "approved_by_network",
      reason: null,
      risk_level: "normal",
      type: "authorized",
    },
    paid: true,
    payment_intent: s.paymentIntent,
    payment_method: `pm_${charge.id.slice(3)}`,
    payment_method_details: { type: charge.method, ...details },
    receipt_email: s.customerEmail,
    receipt_url: null,
    // Stripe sets `refunded` only once the whole amount is back; partial refunds leave it false.
    refunded: s.amountRefunded >= s.amountTotal,
    status: "succeeded",
  };
}

export function refundObject(r: RefundRecord) {
  return {
    id: r.id,
    object: "refund",
    amount: r.amount,
    balance_transaction: `txn_${r.id.slice(3)}`,
    charge: r.charge,
    created: r.created,
    currency: r.currency,
    destination_details: { card: { reference_status: "pending", type: "refund" }, type: "card" },
    metadata: { ...r.metadata },
    payment_intent: r.paymentIntent,
    reason: r.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: r.status,
    transfer_reversal: null,
  };
}

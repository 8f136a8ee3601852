// `POST /v1/refunds` against a session's payment: its params, which refunds Stripe refuses and
// how it words them. Confirmed wording (stripe-node users' reports): "No such payment_intent: 'pi_…'",
// "This PaymentIntent (pi_…) does not have a successful charge to refund.", "Charge ch_… has
// already been refunded." (code charge_already_refunded), "Refund amount ($X) is greater than
// unrefunded amount on charge ($Y)". Refunds succeed at once (status "succeeded"), as card
// refunds in test mode do; several partial refunds may follow each other.
import { invalidRequest } from "./errors";
import type { FormObject } from "./form";
import { newId, type RefundRecord, type SessionRecord, unixNow } from "./model";
import { describeAmount } from "./money";
import { int, metadata, rejectUnknown, str } from "./params";
import type { SessionStore } from "./sessions";

// Create params of stripe-node v23 (RefundCreateParams).
// prettier-ignore
const REFUND_PARAMS = new Set([
  "amount", "charge", "currency", "customer", "expand", "instructions_email", "metadata", "origin",
  "payment_intent", "reason", "refund_application_fee", "reverse_transfer",
]);

export interface RefundDone {
  refund: RefundRecord;
  /** The session after the refund, for the charge.refunded event. */
  session: SessionRecord;
}

export function refund(sessions: SessionStore, input: RefundInput): RefundDone {
  const record = findPayment(sessions, input);
  const charge = record.charge;
  if (!charge) {
    throw invalidRequest(
      `This PaymentIntent (${record.paymentIntent}) does not have a successful charge to refund.`,
      input.paymentIntent ? "payment_intent" : "charge",
    );
  }
  const remaining = record.amountTotal - record.amountRefunded;
  if (remaining <= 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      undefined,
      "charge_already_refunded",
    );
  }
  const amount = input.amount ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${describeAmount(amount, record.currency)}) is greater than unrefunded amount on charge (${describeAmount(remaining, record.currency)})`,
      "amount",
    );
  }
  const session = sessions.addRefunded(record.id, amount);
  const created: RefundRecord = {
    id: newId("re_"),
    paymentIntent: record.paymentIntent ?? "",
    charge: charge.id,
    amount,
    currency: record.currency,
    status: "succeeded",
    reason: input.reason,
    metadata: input.metadata,
    created: unixNow(),
  };
  return { refund: created, session };
}

function findPayment(sessions: SessionStore, input: RefundInput): SessionRecord {
  const byIntent = input.paymentIntent ? sessions.findByPaymentIntent(input.paymentIntent) : undefined;
  if (input.paymentIntent && !byIntent) {
    throw invalidRequest(
      `No such payment_intent: '${input.paymentIntent}'`,
      "payment_intent",
      "resource_missing",
    );
  }
  if (!input.charge) {
    if (!byIntent)
      throw new Error("parseRefundCreate lets no refund through without payment_intent or charge");
    return byIntent;
  }
  const byCharge = sessions.findByCharge(input.charge);
  if (!byCharge) throw invalidRequest(`No such charge: '${input.charge}'`, "charge", "resource_missing");
  if (byIntent && byIntent.id !== byCharge.id) {
    throw invalidRequest(
      `Charge ${input.charge} does not belong to PaymentIntent ${input.paymentIntent}.`,
      "charge",
    );
  }
  return byCharge;
}

export interface RefundInput {
  paymentIntent: string | undefined;
  charge: string | undefined;
  amount: number | undefined;
  reason: string | null;
  metadata: Record<string, string>;
}

export function parseRefundCreate(form: FormObject): RefundInput {
  rejectUnknown(form, REFUND_PARAMS);
  const paymentIntent = str(form.payment_intent, "payment_intent");
  const charge = str(form.charge, "charge");
  if (!paymentIntent && !charge) {
    throw invalidRequest(
      "One of the following params should be provided for this request: payment_intent or charge.",
    );
  }
  const reason = str(form.reason, "reason") ?? null;
  if (reason !== null && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
    throw invalidRequest(
      "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
      "reason",
    );
  }
  return {
    paymentIntent: paymentIntent || undefined,
    charge: charge || undefined,
    amount: int(form.amount, "amount", 1),
    reason,
    metadata: metadata(form.metadata, "metadata"),
  };
}

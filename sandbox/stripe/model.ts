// The emulated Checkout Session as tests see it, the emulator's private record behind it, and
// the small pure helpers around them. Kept apart from the store so wire.ts, events.ts and the
// HTTP surfaces can use the types without the state.
import { randomInt } from "node:crypto";

export type SessionStatus = "open" | "complete" | "expired";
export type PaymentStatus = "paid" | "unpaid" | "no_payment_required";
/** A delayed ("Pay later") payment: pending until settled, then succeeded or failed. */
export type AsyncPayment = "pending" | "succeeded" | "failed";

export interface LineItem {
  name: string;
  unitAmount: number; // minor units
  quantity: number;
}

export interface EmulatedSession {
  id: string; // cs_test_…
  status: SessionStatus;
  paymentStatus: PaymentStatus;
  amountTotal: number; // minor units
  currency: string; // lower case
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  paymentIntent: string | null; // pi_… once the customer paid (or started a delayed payment)
  successUrl: string; // as given, `{CHECKOUT_SESSION_ID}` left in
  cancelUrl: string; // "" when the app gave none
  expiresAt: number; // unix seconds
  url: string; // the hosted page, also after the session closed
  // Beyond the agreed interface, for assertions and the hosted page:
  created: number;
  customerEmail: string | null;
  lineItems: LineItem[];
  asyncPayment: AsyncPayment | null;
  amountRefunded: number;
}

/** What the emulator keeps per session: the public view plus the payment behind it. */
export interface SessionRecord extends EmulatedSession {
  /** `payment_intent_data[metadata]`: Stripe puts it on the PaymentIntent and its charge. */
  paymentIntentMetadata: Record<string, string>;
  charge: { id: string; created: number; method: "card" | "us_bank_account" } | null;
}

export interface RefundRecord {
  id: string; // re_…
  paymentIntent: string;
  charge: string;
  amount: number;
  currency: string;
  status: string; // always "succeeded" here
  reason: string | null;
  metadata: Record<string, string>;
  created: number;
}

/** A refused operation; `kind` decides the HTTP status of the control endpoints (404/409/400). */
export { EmulatorStateError } from "../control";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Stripe-looking ids: `cs_test_` + 58 characters for sessions, `pi_` + 24 for most others. */
export function newId(prefix: string, length = 24): string {
  return prefix + Array.from({ length }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join("");
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** A copy holding only the public fields, so callers never hold live state. */
export function snapshot(record: SessionRecord): EmulatedSession {
  return {
    id: record.id,
    status: record.status,
    paymentStatus: record.paymentStatus,
    amountTotal: record.amountTotal,
    currency: record.currency,
    clientReferenceId: record.clientReferenceId,
    metadata: { ...record.metadata },
    paymentIntent: record.paymentIntent,
    successUrl: record.successUrl,
    cancelUrl: record.cancelUrl,
    expiresAt: record.expiresAt,
    url: record.url,
    created: record.created,
    customerEmail: record.customerEmail,
    lineItems: record.lineItems.map((item) => ({ ...item })),
    asyncPayment: record.asyncPayment,
    amountRefunded: record.amountRefunded,
  };
}

/** `success_url` with Stripe's template variable filled in, as the hosted page redirects. */
export function fillSessionId(url: string, sessionId: string): string {
  return url.replaceAll("{CHECKOUT_SESSION_ID}", sessionId);
}

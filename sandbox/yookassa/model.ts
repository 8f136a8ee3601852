// The emulated payment and refund as tests see them, and the small pure rules around them. Kept
// apart from the store so wire.ts, notifications.ts and the HTTP surfaces can use the types
// without the state. Amounts are integer minor units (kopecks) here, decimal strings on the wire.
import { randomBytes } from "node:crypto";

export type PaymentStatus = "pending" | "waiting_for_capture" | "succeeded" | "canceled";

export interface Cancellation {
  party: "merchant" | "yoo_kassa" | "payment_network";
  reason: string;
}

export interface EmulatedPayment {
  id: string;
  status: PaymentStatus;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  /** false: paid payments wait for capture (or a cancel) instead of succeeding. */
  capture: boolean;
  returnUrl: string;
  /** The hosted confirmation page. */
  confirmationUrl: string;
  createdAt: Date;
  capturedAt: Date | null;
  /** Refunded so far (succeeded refunds), minor units. */
  refunded: number;
  cancellation: Cancellation | null;
  /** The `receipt` the request carried, as sent; null without one. */
  receipt: unknown;
}

export interface EmulatedRefund {
  id: string;
  paymentId: string;
  status: "succeeded";
  amount: number;
  currency: string;
  description: string | null;
  receipt: unknown;
  createdAt: Date;
}

/** A refused operation; `kind` decides the HTTP status of the control endpoints (404/409/400). */
export { EmulatorStateError } from "../control";

/**
 * Why a payment is declined, and whose decision it is, as YooKassa reports it in
 * `cancellation_details` (PROVIDERS.md). The hosted page offers the buyer's side of them.
 */
export const DECLINE_REASONS: Readonly<Record<string, Cancellation["party"]>> = {
  insufficient_funds: "payment_network",
  "3d_secure_failed": "payment_network",
  card_expired: "payment_network",
  general_decline: "payment_network",
  fraud_suspected: "yoo_kassa",
  expired_on_confirmation: "yoo_kassa",
  internal_timeout: "yoo_kassa",
  canceled_by_merchant: "merchant",
};

/**
 * Ids shaped like YooKassa's: a UUID whose middle groups name the object type ("2419a771-000f-
 * 5000-9000-1edaf29243f2" for payments, "…-0015-5000-8000-…" for refunds).
 */
export function newId(kind: "payment" | "refund"): string {
  const hex = (bytes: number) => randomBytes(bytes).toString("hex");
  return kind === "payment" ? `${hex(4)}-000f-5000-9000-${hex(6)}` : `${hex(4)}-0015-5000-8000-${hex(6)}`;
}

/** A copy, so callers never hold live state they could mutate or see change under them. */
export function snapshot(payment: EmulatedPayment): EmulatedPayment {
  return {
    ...payment,
    metadata: { ...payment.metadata },
    createdAt: new Date(payment.createdAt),
    capturedAt: payment.capturedAt && new Date(payment.capturedAt),
    cancellation: payment.cancellation && { ...payment.cancellation },
  };
}

export function refundSnapshot(refund: EmulatedRefund): EmulatedRefund {
  return { ...refund, createdAt: new Date(refund.createdAt) };
}

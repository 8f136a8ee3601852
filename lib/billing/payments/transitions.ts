import type { PaymentStatus } from "@/lib/generated/prisma/client";

// The payment state machine. Every status change anywhere (webhook, reconcile, admin, expiry)
// goes through decideTransition(), so the rules live in this one table. Providers deliver
// at-least-once and out of order; the table is what makes a late "canceled" unable to undo a
// completion, and a repeated "paid" a no-op.

export const PAYMENT_STATUSES = [
  "pending",
  "partially_paid",
  "completed",
  "failed",
  "expired",
  "canceled",
  "refunded",
] as const satisfies readonly PaymentStatus[];

/** Where each status may move. A status missing from its own list is final once reached. */
export const ALLOWED_TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  pending: ["partially_paid", "completed", "failed", "expired", "canceled"],
  // More money can arrive (partially_paid again, with a new amount) until the invoice completes
  // or runs out; an underpaid invoice that expires keeps what arrived on record.
  partially_paid: ["partially_paid", "completed", "expired", "failed", "refunded"],
  completed: ["refunded"],
  // Money that arrives after we gave up on an invoice is still the customer's payment.
  expired: ["completed", "partially_paid"],
  failed: [],
  canceled: [],
  refunded: [],
};

export type TransitionDecision =
  | { kind: "move"; from: PaymentStatus; to: PaymentStatus }
  /** Already there: a redelivery. Nothing to write. */
  | { kind: "noop"; status: PaymentStatus }
  /** Not allowed from here (e.g. canceled after completed): recorded, never applied. */
  | { kind: "refused"; from: PaymentStatus; to: PaymentStatus };

/**
 * What a report of `to` means for a payment now in `from`. `amountChanged` tells whether a
 * partially paid invoice reports a different received amount (a real change, not a redelivery).
 */
export function decideTransition(
  from: PaymentStatus,
  to: PaymentStatus,
  amountChanged = false,
): TransitionDecision {
  if (from === to && !(to === "partially_paid" && amountChanged)) return { kind: "noop", status: from };
  return ALLOWED_TRANSITIONS[from].includes(to) ? { kind: "move", from, to } : { kind: "refused", from, to };
}

/**
 * The statuses from which none of `moves` can ever move a payment, whatever happens to it first:
 * for an event that can only report those, a payment in one of them is settled, and the event a
 * duplicate with nothing to apply. A refund that arrives while the payment's completion is still
 * queued is not settled (pending can still become completed, then refunded): the worker applies
 * both, in the order they arrived.
 */
export function settledFor(moves: readonly PaymentStatus[]): PaymentStatus[] {
  return PAYMENT_STATUSES.filter((from) =>
    reachableFrom(from).every((status) => moves.every((to) => decideTransition(status, to).kind !== "move")),
  );
}

/** `from` and every status the transition table can lead it to. */
function reachableFrom(from: PaymentStatus): PaymentStatus[] {
  const seen = new Set<PaymentStatus>([from]);
  for (const status of seen) for (const next of ALLOWED_TRANSITIONS[status]) seen.add(next);
  return [...seen];
}

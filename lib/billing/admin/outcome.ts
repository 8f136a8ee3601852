import type { PaymentProvider, PaymentStatus } from "@/lib/generated/prisma/enums";

// What an admin command did (a refund, a reconcile, a replay, a subscription change, a wallet
// adjustment), for the console to put into words: a code and the values it names. lib/billing
// never writes the sentence; the admin console words it in the reader's language from
// admin.outcomes.<code> in the catalogs (components/admin/outcome-message.ts). Money, dates,
// statuses and providers travel as values, so each is formatted and spelled the reader's way.

export const ADMIN_OUTCOMES = [
  // refunds (lib/billing/payments/refund.ts)
  "payment_not_found",
  "refund_not_refundable",
  "refund_nothing_left",
  "refund_out_of_range",
  "refund_exceeds_balance",
  "refund_pending",
  "refunded",
  "refunded_by_provider",
  "refunded_partly",
  "refund_raced",
  // what the provider or the apply path answered (any payment command)
  "provider_error",
  "provider_unreachable",
  "nothing_to_change",
  "not_applied",
  // reconcile now (lib/billing/payments/reconcile.ts)
  "no_provider",
  "unknown_to_provider",
  "reconciled",
  // replay (lib/billing/webhooks/replay.ts)
  "delivery_not_found",
  "delivery_other_payment",
  "delivery_rejected",
  "nothing_to_apply",
  "replayed",
  // needs attention (lib/billing/payments/attention.ts)
  "not_waiting",
  "not_plan_payment",
  "payment_changed",
  "applied_as_time",
  // subscriptions (lib/billing/subscriptions/admin.ts)
  "plan_not_found",
  "nothing_to_cancel",
  "subscription_refused",
  "subscription_extended",
  "subscription_plan_changed",
  "subscription_cancelled",
  "subscription_ended",
  // wallets (lib/billing/wallet/ledger.ts)
  "balance_too_low",
  "adjustment_duplicate",
] as const;

export type AdminOutcomeCode = (typeof ADMIN_OUTCOMES)[number];

/** A value an outcome names: words and numbers as they are, the rest formatted for the reader. */
export type OutcomeValue =
  | string
  | number
  | { money: number; currency: string }
  | { date: Date }
  | { status: PaymentStatus }
  | { provider: PaymentProvider };

export interface AdminOutcome {
  code: AdminOutcomeCode;
  values?: Record<string, OutcomeValue>;
}

/** The answer of an admin command: whether it did what was asked, and what happened. */
export type AdminResult = ({ ok: true } | { ok: false }) & AdminOutcome;

export function done(code: AdminOutcomeCode, values?: Record<string, OutcomeValue>): AdminResult {
  return values ? { ok: true, code, values } : { ok: true, code };
}

export function refused(code: AdminOutcomeCode, values?: Record<string, OutcomeValue>): AdminResult {
  return values ? { ok: false, code, values } : { ok: false, code };
}

/** An amount of minor units of `currency`, as an outcome value. */
export function money(minor: number, currency: string): OutcomeValue {
  return { money: minor, currency };
}

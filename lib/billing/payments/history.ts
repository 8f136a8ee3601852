import type { PaymentStatus } from "@/lib/generated/prisma/enums";

// Facts about a payment that the customer's history and receipts both show, pure so the rules can
// be tested without a database. Amounts are integer minor units of the payment's currency.

type MoneyFacts = {
  status: PaymentStatus;
  amount: number;
  amountReceived: number | null;
  amountRefunded: number;
};

const ENDED_UNPAID: readonly PaymentStatus[] = ["expired", "failed", "canceled"];

/** An attempt that ended without any money arriving: noise in a history, worth folding away. */
export function isAbandoned(payment: Pick<MoneyFacts, "status" | "amountReceived">): boolean {
  return ENDED_UNPAID.includes(payment.status) && !payment.amountReceived;
}

/** The statuses a receipt can exist for: the money arrived in full, whatever happened after. */
export const RECEIPT_STATUSES = ["completed", "refunded"] as const satisfies readonly PaymentStatus[];

/**
 * Whether the payment has a receipt. `paidAt` is set only when a payment completes, so a payment
 * refunded while it was still partially paid (never completed) has none.
 */
export function hasReceipt(payment: { status: PaymentStatus; paidAt: Date | null }): boolean {
  return (RECEIPT_STATUSES as readonly PaymentStatus[]).includes(payment.status) && payment.paidAt !== null;
}

/** What the provider took: what it reported, or the invoice amount when it reported nothing. */
export function amountPaid(payment: Pick<MoneyFacts, "amount" | "amountReceived">): number {
  return payment.amountReceived ?? payment.amount;
}

/**
 * What went back to the customer. `amountRefunded` counts partial refunds; a payment whose status
 * is `refunded` but that carries no amount (refunds recorded before the column existed, or a
 * provider that only says "refunded") went back in full.
 */
export function amountRefunded(payment: MoneyFacts): number {
  if (payment.amountRefunded > 0) return payment.amountRefunded;
  return payment.status === "refunded" ? amountPaid(payment) : 0;
}

/** The amount lines a history row adds under the price: what arrived when it differs, refunds. */
export type AmountNote =
  { kind: "received"; received: number; expected: number } | { kind: "refunded"; refunded: number };

export function amountNotes(payment: MoneyFacts): AmountNote[] {
  const notes: AmountNote[] = [];
  const received = payment.amountReceived;
  // Over- and underpayments both matter to the customer; nothing received is said by the status.
  if (received !== null && received > 0 && received !== payment.amount) {
    notes.push({ kind: "received", received, expected: payment.amount });
  }
  const refunded = amountRefunded(payment);
  if (refunded > 0) notes.push({ kind: "refunded", refunded });
  return notes;
}

export type HistoryRow<P> = { kind: "payment"; payment: P } | { kind: "abandoned"; payments: P[] };

/**
 * Folds each run of at least `minRun` consecutive abandoned attempts into one row, keeping the
 * order. A lone attempt stays a row of its own: folding it would hide one row behind another.
 * Applied to one page of the history at a time, so paging never depends on the folding.
 */
export function foldAbandoned<P extends Pick<MoneyFacts, "status" | "amountReceived">>(
  payments: readonly P[],
  minRun = 2,
): HistoryRow<P>[] {
  const rows: HistoryRow<P>[] = [];
  let run: P[] = [];
  const flush = () => {
    if (run.length >= minRun) rows.push({ kind: "abandoned", payments: run });
    else rows.push(...run.map((payment) => ({ kind: "payment" as const, payment })));
    run = [];
  };
  for (const payment of payments) {
    if (isAbandoned(payment)) {
      run.push(payment);
      continue;
    }
    flush();
    rows.push({ kind: "payment", payment });
  }
  flush();
  return rows;
}

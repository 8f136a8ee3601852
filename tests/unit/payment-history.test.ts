import { describe, expect, it } from "vitest";
import {
  amountNotes,
  amountRefunded,
  foldAbandoned,
  hasReceipt,
  isAbandoned,
  type HistoryRow,
} from "@/lib/billing/payments/history";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

type Row = {
  id: string;
  status: PaymentStatus;
  amount: number;
  amountReceived: number | null;
  amountRefunded: number;
};

let next = 0;
function payment(status: PaymentStatus, amountReceived: number | null = null, amountRefunded = 0): Row {
  next += 1;
  return { id: `p${next}`, status, amount: 19_00, amountReceived, amountRefunded };
}

/** A compact picture of the folded rows: ids, with a folded run as [ids]. */
const shape = (rows: HistoryRow<Row>[]) =>
  rows.map((row) => (row.kind === "payment" ? row.payment.id : row.payments.map((p) => p.id)));

describe("an abandoned attempt", () => {
  it("is one that expired, failed or was cancelled with no money received", () => {
    for (const status of ["expired", "failed", "canceled"] as const) {
      expect(isAbandoned(payment(status))).toBe(true);
      expect(isAbandoned(payment(status, 0))).toBe(true);
      expect(isAbandoned(payment(status, 5_00))).toBe(false); // money arrived: it matters
    }
    for (const status of ["pending", "partially_paid", "completed", "refunded"] as const) {
      expect(isAbandoned(payment(status))).toBe(false);
    }
  });
});

describe("folding the payment history", () => {
  it("folds each run of consecutive abandoned attempts into one row, in place", () => {
    const [done, e1, e2, e3, open, f1, f2] = [
      payment("completed", 19_00),
      payment("expired"),
      payment("failed", 0),
      payment("canceled"),
      payment("pending"),
      payment("expired"),
      payment("expired"),
    ];
    const rows = foldAbandoned([done, e1, e2, e3, open, f1, f2]);
    expect(shape(rows)).toEqual([done.id, [e1.id, e2.id, e3.id], open.id, [f1.id, f2.id]]);
  });

  it("leaves a lone abandoned attempt as a row of its own", () => {
    const [open, expired, done] = [payment("pending"), payment("expired"), payment("completed", 19_00)];
    expect(shape(foldAbandoned([open, expired, done]))).toEqual([open.id, expired.id, done.id]);
  });

  it("never folds an attempt that received money, even between abandoned ones", () => {
    const [a, partial, b, c] = [
      payment("expired"),
      payment("expired", 7_00),
      payment("failed"),
      payment("canceled"),
    ];
    expect(shape(foldAbandoned([a, partial, b, c]))).toEqual([a.id, partial.id, [b.id, c.id]]);
  });

  it("keeps every payment exactly once, whatever the mix", () => {
    const statuses: PaymentStatus[] = ["expired", "completed", "failed", "failed", "pending", "canceled"];
    const payments = Array.from({ length: 60 }, (_, i) => payment(statuses[(i * 7) % statuses.length]!));
    const rows = foldAbandoned(payments);
    const flat = rows.flatMap((row) => (row.kind === "payment" ? [row.payment] : row.payments));
    expect(flat).toEqual(payments);
    expect(rows.every((row) => row.kind === "payment" || row.payments.length >= 2)).toBe(true);
  });

  it("folds nothing on an empty page", () => {
    expect(foldAbandoned([])).toEqual([]);
  });
});

describe("the amounts a history row shows", () => {
  it("shows what arrived when it differs from the price: over- and underpayments", () => {
    expect(amountNotes(payment("completed", 25_00))).toEqual([
      { kind: "received", received: 25_00, expected: 19_00 },
    ]);
    expect(amountNotes(payment("partially_paid", 9_50))).toEqual([
      { kind: "received", received: 9_50, expected: 19_00 },
    ]);
    expect(amountNotes(payment("completed", 19_00))).toEqual([]);
    expect(amountNotes(payment("expired", 0))).toEqual([]);
  });

  it("shows refunds: the amount refunded, or all of it for a payment refunded without one", () => {
    expect(amountNotes(payment("completed", 19_00, 12_90))).toEqual([{ kind: "refunded", refunded: 12_90 }]);
    expect(amountNotes(payment("refunded", 19_00))).toEqual([{ kind: "refunded", refunded: 19_00 }]);
    expect(amountRefunded(payment("refunded", null))).toBe(19_00);
    expect(amountNotes(payment("refunded", 25_00, 25_00))).toEqual([
      { kind: "received", received: 25_00, expected: 19_00 },
      { kind: "refunded", refunded: 25_00 },
    ]);
  });
});

describe("a receipt", () => {
  it("exists for a payment that completed, refunded or not", () => {
    const paidAt = new Date("2026-11-23T10:00:00Z");
    expect(hasReceipt({ status: "completed", paidAt })).toBe(true);
    expect(hasReceipt({ status: "refunded", paidAt })).toBe(true);
    // Refunded while partially paid: it never completed, so there is no paidAt and no receipt.
    expect(hasReceipt({ status: "refunded", paidAt: null })).toBe(false);
    for (const status of ["pending", "partially_paid", "expired", "failed", "canceled"] as const) {
      expect(hasReceipt({ status, paidAt: null })).toBe(false);
    }
  });
});

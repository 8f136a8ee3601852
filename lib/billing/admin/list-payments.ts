import {
  decodePaymentCursor,
  encodePaymentCursor,
  positionOf,
  type PaymentPosition,
} from "@/lib/billing/admin/payment-cursor";
import { paymentFilterSql } from "@/lib/billing/admin/payment-filter-sql";
import { assertComparableOrder, type PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { selectPaymentRows, type AdminPaymentRow } from "@/lib/billing/admin/payment-rows";
import { countPayments, type PaymentTotal } from "@/lib/billing/admin/payment-total";

// One page of the admin payments table. Keyset pagination: a page starts after (or, paging back,
// ends before) the row its cursor names, so a payment that arrives between two page loads never
// shifts a row onto the next page or off it, and a deep page costs what the first one costs.

export interface PaymentListPage {
  rows: AdminPaymentRow[];
  /** The page after this one (`back` unset), null on the last page. */
  nextCursor: string | null;
  /** The page before this one (with `back=1`), null on the first page. */
  prevCursor: string | null;
  total: PaymentTotal;
}

export interface ListPaymentsOptions {
  /** Up to this many matches are counted exactly; beyond, the total is an estimate. */
  exactCountLimit?: number;
}

export async function listPayments(
  query: PaymentListQuery,
  options: ListPaymentsOptions = {},
): Promise<PaymentListPage> {
  assertComparableOrder(query);
  const where = await paymentFilterSql(query);
  const after: PaymentPosition | null = query.cursor ? decodePaymentCursor(query.cursor, query.sort) : null;
  const [fetched, total] = await Promise.all([
    // One row more than the page tells whether another page follows, without counting.
    selectPaymentRows({
      where,
      sort: query.sort,
      dir: query.dir,
      after,
      backwards: query.back,
      limit: query.size + 1,
    }),
    countPayments(where, options.exactCountLimit),
  ]);
  const overflow = fetched.length > query.size;
  const rows = fetched.slice(0, query.size);
  if (query.back) rows.reverse();

  // Paging forward, rows exist before the page exactly when it started from a cursor; paging
  // back (or to the last page, `back` without a cursor), the same holds for rows after it.
  const moreBefore = query.back ? overflow : after !== null;
  const moreAfter = query.back ? after !== null : overflow;
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    nextCursor: moreAfter && last ? encodePaymentCursor(positionOf(last, query.sort)) : null,
    prevCursor: moreBefore && first ? encodePaymentCursor(positionOf(first, query.sort)) : null,
    total,
  };
}

import type { PaymentPosition } from "@/lib/billing/admin/payment-cursor";
import type { PaymentSort, SortDirection } from "@/lib/billing/admin/payment-query";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { PaymentProvider, PaymentPurpose, PaymentStatus } from "@/lib/generated/prisma/enums";

// One keyset slice of the admin payments table: rows strictly after (or before) a position in the
// order (sort key, createdAt, id). Rows are compared as SQL row values, which PostgreSQL turns
// into one index range condition, so a page 10,000 rows deep costs what the first page costs.

export interface AdminPaymentRow {
  id: string;
  orderId: string;
  createdAt: Date;
  /** Null for a purchase made from a Telegram bot without an account: see telegramChatId. */
  email: string | null;
  telegramChatId: string | null;
  purpose: PaymentPurpose;
  planName: string | null;
  months: number | null;
  productName: string | null;
  provider: PaymentProvider;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  status: PaymentStatus;
  providerRef: string | null;
}

export interface PaymentSlice {
  where: Prisma.Sql;
  sort: PaymentSort;
  dir: SortDirection;
  /** Exclusive; null starts at the beginning of the order (or at its end, backwards). */
  after: PaymentPosition | null;
  /** Walk the order in reverse: the rows just before `after`, returned nearest first. */
  backwards: boolean;
  limit: number;
}

const SORT_KEY: Record<PaymentSort, Prisma.Sql> = {
  created: Prisma.sql`(p."createdAt", p.id)`,
  amount: Prisma.sql`(p.amount, p."createdAt", p.id)`,
  status: Prisma.sql`(p.status, p."createdAt", p.id)`,
};

// Status sorts in the enum's declaration order (pending, partially_paid, completed, failed, …):
// the lifecycle order, and the order of the (status, createdAt, id) index.
const ORDER_BY: Record<PaymentSort, Record<SortDirection, Prisma.Sql>> = {
  created: {
    asc: Prisma.sql`p."createdAt" ASC, p.id ASC`,
    desc: Prisma.sql`p."createdAt" DESC, p.id DESC`,
  },
  amount: {
    asc: Prisma.sql`p.amount ASC, p."createdAt" ASC, p.id ASC`,
    desc: Prisma.sql`p.amount DESC, p."createdAt" DESC, p.id DESC`,
  },
  status: {
    asc: Prisma.sql`p.status ASC, p."createdAt" ASC, p.id ASC`,
    desc: Prisma.sql`p.status DESC, p."createdAt" DESC, p.id DESC`,
  },
};

/** The row value of a position, typed like the columns it is compared with. */
function positionValue(position: PaymentPosition): Prisma.Sql {
  const rest = Prisma.sql`${position.createdAt}::timestamp(3), ${position.id}`;
  if (position.sort === "amount") return Prisma.sql`(${position.amount}::int, ${rest})`;
  if (position.sort === "status") return Prisma.sql`(${position.status}::"PaymentStatus", ${rest})`;
  return Prisma.sql`(${rest})`;
}

export function selectPaymentRows(slice: PaymentSlice): Promise<AdminPaymentRow[]> {
  return db.$queryRaw<AdminPaymentRow[]>(paymentRowsSql(slice));
}

/** The statement behind selectPaymentRows(), for EXPLAIN in benchmarks and reviews. */
export function paymentRowsSql(slice: PaymentSlice): Prisma.Sql {
  const dir = slice.backwards ? (slice.dir === "asc" ? "desc" : "asc") : slice.dir;
  const keyset = slice.after
    ? Prisma.sql`AND ${SORT_KEY[slice.sort]} ${Prisma.raw(dir === "asc" ? ">" : "<")} ${positionValue(slice.after)}`
    : Prisma.empty;
  return Prisma.sql`
    SELECT p.id, p."orderId", p."createdAt", u.email, p."telegramChatId", p.purpose,
           pl.name AS "planName", p.months, pr.name AS "productName", p.provider, p.amount,
           p.currency, p.status, p."providerRef"
    FROM "Payment" p
    LEFT JOIN "User" u ON u.id = p."userId"
    LEFT JOIN "Plan" pl ON pl.id = p."planId"
    LEFT JOIN "Product" pr ON pr.id = p."productId"
    WHERE ${slice.where} ${keyset}
    ORDER BY ${ORDER_BY[slice.sort][dir]}
    LIMIT ${slice.limit}`;
}

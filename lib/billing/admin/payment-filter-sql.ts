import type { PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { likePrefix } from "@/lib/billing/admin/like-prefix";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

// The WHERE clause of the admin payments table, over `"Payment" p`. Every value is a bind
// parameter. Each equality filter leads an index that ends in (createdAt, id) (see the Payment
// model) and the date range bounds createdAt itself, so one filter plus the keyset, on the default
// sort, is a single index range scan.

const DAY_MS = 24 * 60 * 60 * 1000;

export async function paymentFilterSql(query: PaymentListQuery): Promise<Prisma.Sql> {
  const conditions: Prisma.Sql[] = [];
  if (query.plan) {
    // Looked up first rather than as a subquery: with the id as a constant, the planner reads the
    // plan's frequency from the column statistics, which the estimated total and the choice
    // between indexes (plan + other filters) both depend on.
    const plan = await db.plan.findUnique({ where: { slug: query.plan }, select: { id: true } });
    conditions.push(plan ? Prisma.sql`p."planId" = ${plan.id}` : Prisma.sql`FALSE`);
  }
  if (query.status) conditions.push(Prisma.sql`p.status = ${query.status}::"PaymentStatus"`);
  if (query.provider) conditions.push(Prisma.sql`p.provider = ${query.provider}::"PaymentProvider"`);
  if (query.purpose) conditions.push(Prisma.sql`p.purpose = ${query.purpose}::"PaymentPurpose"`);
  if (query.currency) conditions.push(Prisma.sql`p.currency = ${query.currency}`);
  if (query.from) conditions.push(Prisma.sql`p."createdAt" >= ${dayStart(query.from, 0)}`);
  if (query.to) conditions.push(Prisma.sql`p."createdAt" < ${dayStart(query.to, 1)}`);
  if (query.customer) conditions.push(Prisma.sql`p."userId" = ${query.customer}`);
  if (query.q) conditions.push(searchSql(query.q));
  return conditions.length > 0 ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;
}

/** Midnight UTC of `day` plus `offsetDays`; createdAt is a UTC timestamp without time zone. */
function dayStart(day: string, offsetDays: number): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offsetDays * DAY_MS);
}

/**
 * Search, always "equals or starts with", case-insensitive, each form an index range scan on a
 * lower(column) text_pattern_ops index (migration 20261123161311_admin_payment_indexes):
 * - with an "@": the customer's email;
 * - starting with "ord_": our order id;
 * - anything else: the provider's reference or the start of an email, for "INV-7F3A" and
 *   "alice" alike.
 * Telegram purchases without an account have no email and are found by order id or reference.
 * Both sides go through PostgreSQL's lower(), so they fold case the same way.
 */
function searchSql(q: string): Prisma.Sql {
  const prefix = Prisma.sql`lower(${likePrefix(q)})`;
  const emailMatches = Prisma.sql`SELECT id FROM "User" WHERE lower(email) LIKE ${prefix}`;
  if (q.includes("@")) return Prisma.sql`p."userId" IN (${emailMatches})`;
  if (/^ord_/i.test(q)) return Prisma.sql`lower(p."orderId") LIKE ${prefix}`;
  // ANY(ARRAY(subquery)) rather than IN: inside an OR, IN becomes a filter checked against every
  // payment, whereas an array computed once lets PostgreSQL OR two index scans together.
  return Prisma.sql`(lower(p."providerRef") LIKE ${prefix} OR p."userId" = ANY (ARRAY(${emailMatches})))`;
}

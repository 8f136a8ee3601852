-- Indexes for the admin payments table (lib/billing/admin/): keyset pages on
-- (sort key, "createdAt", id), one index per filter that ends in ("createdAt", id).

-- DropIndex
DROP INDEX "Payment_planId_createdAt_idx";

-- DropIndex
DROP INDEX "Payment_provider_createdAt_idx";

-- DropIndex
DROP INDEX "Payment_status_createdAt_idx";

-- CreateIndex
CREATE INDEX "Payment_status_createdAt_id_idx" ON "Payment"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Payment_provider_createdAt_id_idx" ON "Payment"("provider", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Payment_planId_createdAt_id_idx" ON "Payment"("planId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Payment_purpose_createdAt_id_idx" ON "Payment"("purpose", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Payment_currency_createdAt_id_idx" ON "Payment"("currency", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Payment_amount_createdAt_id_idx" ON "Payment"("amount", "createdAt", "id");

-- Written by hand (not in schema.prisma): prefix search, `lower(x) LIKE 'abc%'`. A plain btree
-- serves LIKE only under the C collation; text_pattern_ops serves it under any collation. They are
-- expression indexes because Prisma cannot express them: it does not round-trip an operator class
-- on a btree column (every diff would drop and recreate it), and it ignores expression indexes.
-- Emails and order ids are stored lower-case, so lower() costs nothing there and makes the search
-- case-insensitive; provider references are matched case-insensitively too.
CREATE INDEX "User_email_prefix_idx" ON "User"(lower("email") text_pattern_ops);
CREATE INDEX "Payment_orderId_prefix_idx" ON "Payment"(lower("orderId") text_pattern_ops);
CREATE INDEX "Payment_providerRef_prefix_idx" ON "Payment"(lower("providerRef") text_pattern_ops);

-- Written by hand (Prisma has no syntax for it, and ignores it when diffing): the planner assumes
-- filters are independent, but a provider implies its currencies (YooKassa: RUB only) and a plan
-- implies purpose = subscription. Without these, "yookassa + USD" is estimated at ~145,000 rows
-- per million when there are none, and the planner walks the whole yookassa index looking for 25.
-- (Pairs only: with status added, combinations missing from the sample get a non-zero estimate.)
CREATE STATISTICS "Payment_provider_currency_stat" (mcv) ON "provider", "currency" FROM "Payment";
CREATE STATISTICS "Payment_purpose_planId_stat" (mcv) ON "purpose", "planId" FROM "Payment";

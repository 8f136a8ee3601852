-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "SubscriptionEventKind" ADD VALUE 'plan_changed';
ALTER TYPE "SubscriptionEventKind" ADD VALUE 'extended';
ALTER TYPE "SubscriptionEventKind" ADD VALUE 'ended_now';
ALTER TYPE "SubscriptionEventKind" ADD VALUE 'value_applied';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "amountRefunded" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "attentionReason" TEXT,
ADD COLUMN     "attentionSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "reminderSentFor" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Payment_attentionSince_idx" ON "Payment"("attentionSince");

-- Refunds before this migration were always whole: what was received (or the amount) went back.
UPDATE "Payment" SET "amountRefunded" = COALESCE("amountReceived", "amount") WHERE status = 'refunded';

-- Payments that completed but could not be applied as bought were only noted on their timeline
-- ("not applied: …"): they go to the admin's "needs attention" list.
UPDATE "Payment" p SET "attentionReason" = e.note, "attentionSince" = e."createdAt"
FROM (
  SELECT DISTINCT ON ("paymentId") "paymentId", note, "createdAt" FROM "PaymentEvent"
  WHERE note LIKE '%not applied:%' OR note LIKE '%not scheduled%'
  ORDER BY "paymentId", "createdAt" DESC
) e
WHERE p.id = e."paymentId" AND p.status = 'completed';

/*
  Warnings:

  - You are about to drop the column `scheduledMonths` on the `Subscription` table. All the data in the column will be lost.

*/
-- CreateEnum
CREATE TYPE "SubscriptionEventKind" AS ENUM ('purchased', 'renewed', 'upgraded', 'downgrade_scheduled', 'canceled', 'resumed', 'rolled_over', 'ended', 'refund_time_removed');

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paidPeriods" JSONB NOT NULL DEFAULT '[]';

-- Backfill: paid time still running becomes paid periods (the current plan's, then the scheduled
-- plan's), each worth the latest completed payment for that plan. An approximation: rows written
-- before this migration kept no record of what each part of a period was paid with. Time with no
-- such payment is kept, worth nothing (as time an admin gave). Ended periods are left to the sweep.
UPDATE "Subscription" s SET "paidPeriods" = periods.list
FROM (
  SELECT sub.id, jsonb_agg(jsonb_build_object(
      'planId', part."planId",
      'startsAt', to_char(part."startsAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'endsAt', to_char(part."endsAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'amount', COALESCE(paid.amount, 0),
      'currency', COALESCE(paid.currency, 'USD'),
      'paymentId', paid.id,
      'source', CASE WHEN paid.id IS NULL THEN 'admin' ELSE 'payment' END
    ) ORDER BY part."startsAt") AS list
  FROM "Subscription" sub
  CROSS JOIN LATERAL (
    SELECT sub."planId", sub."currentPeriodStart" AS "startsAt", sub."currentPeriodEnd" AS "endsAt"
    UNION ALL
    SELECT sub."scheduledPlanId", sub."currentPeriodEnd",
      sub."currentPeriodEnd" + make_interval(months => COALESCE(sub."scheduledMonths", 1))
    WHERE sub."scheduledPlanId" IS NOT NULL
  ) part
  LEFT JOIN LATERAL (
    SELECT p.id, p.amount, p.currency FROM "Payment" p
    WHERE p."userId" = sub."userId" AND p.purpose = 'subscription' AND p."planId" = part."planId"
      AND p.status = 'completed'
    ORDER BY p."paidAt" DESC NULLS LAST, p."createdAt" DESC
    LIMIT 1
  ) paid ON true
  WHERE sub."currentPeriodEnd" > (now() AT TIME ZONE 'UTC')
  GROUP BY sub.id
) periods
WHERE s.id = periods.id;

ALTER TABLE "Subscription" DROP COLUMN "scheduledMonths";

-- CreateTable
CREATE TABLE "SubscriptionEvent" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "kind" "SubscriptionEventKind" NOT NULL,
    "fromPlanId" TEXT NOT NULL,
    "toPlanId" TEXT NOT NULL,
    "fromPeriodEnd" TIMESTAMP(3),
    "toPeriodEnd" TIMESTAMP(3),
    "value" JSONB NOT NULL DEFAULT '[]',
    "paymentId" TEXT,
    "actorId" TEXT,
    "reason" TEXT,
    "note" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SubscriptionEvent_subscriptionId_at_idx" ON "SubscriptionEvent"("subscriptionId", "at");

-- CreateIndex
CREATE INDEX "SubscriptionEvent_paymentId_idx" ON "SubscriptionEvent"("paymentId");

-- AddForeignKey
ALTER TABLE "SubscriptionEvent" ADD CONSTRAINT "SubscriptionEvent_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionEvent" ADD CONSTRAINT "SubscriptionEvent_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

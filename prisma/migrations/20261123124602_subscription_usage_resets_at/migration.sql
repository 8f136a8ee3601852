-- The request quota is monthly even on a 12-month plan: usage resets at "usageResetsAt", then
-- every calendar month. Existing rows get the next monthly boundary after now, counted from the
-- start of their current period.
ALTER TABLE "Subscription" ADD COLUMN "usageResetsAt" TIMESTAMP(3);

UPDATE "Subscription"
SET "usageResetsAt" = "currentPeriodStart" + make_interval(months => (
  EXTRACT(YEAR FROM age(now(), "currentPeriodStart")) * 12
  + EXTRACT(MONTH FROM age(now(), "currentPeriodStart")) + 1
)::int);

ALTER TABLE "Subscription" ALTER COLUMN "usageResetsAt" SET NOT NULL;

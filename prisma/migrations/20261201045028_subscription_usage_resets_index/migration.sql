-- CreateIndex
CREATE INDEX "Subscription_usageResetsAt_idx" ON "Subscription"("usageResetsAt");

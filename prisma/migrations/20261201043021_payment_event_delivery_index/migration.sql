-- CreateIndex
CREATE INDEX "PaymentEvent_deliveryId_idx" ON "PaymentEvent"("deliveryId");

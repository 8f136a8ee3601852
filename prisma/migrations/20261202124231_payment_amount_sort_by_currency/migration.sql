-- DropIndex
DROP INDEX "Payment_amount_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "Payment_currency_amount_createdAt_id_idx" ON "Payment"("currency", "amount", "createdAt", "id");

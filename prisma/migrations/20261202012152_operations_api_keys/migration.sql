-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('operations', 'usage', 'customers');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('completed', 'held', 'refunded');

-- CreateEnum
CREATE TYPE "OperationFunding" AS ENUM ('free_credit', 'balance', 'none');

-- AlterTable
ALTER TABLE "Wallet" ADD COLUMN     "freeOperationsLeft" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" "ApiKeyScope"[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperationType" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "free" BOOLEAN NOT NULL DEFAULT false,
    "prices" JSONB NOT NULL DEFAULT '{}',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OperationType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "typeId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "price" INTEGER NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "funding" "OperationFunding" NOT NULL,
    "status" "OperationStatus" NOT NULL,
    "holdExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "refundedAt" TIMESTAMP(3),

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "OperationType_slug_key" ON "OperationType"("slug");

-- CreateIndex
CREATE INDEX "Operation_userId_createdAt_id_idx" ON "Operation"("userId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Operation_status_holdExpiresAt_idx" ON "Operation"("status", "holdExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Operation_apiKeyId_idempotencyKey_key" ON "Operation"("apiKeyId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_typeId_fkey" FOREIGN KEY ("typeId") REFERENCES "OperationType"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- By hand (Prisma cannot express them):
ALTER TABLE "Wallet" ADD CONSTRAINT "Wallet_free_operations_nonnegative" CHECK ("freeOperationsLeft" >= 0);
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_price_nonnegative" CHECK ("price" >= 0);
-- Customers from before operations existed get the free operations a new customer gets by default
-- (FREE_OPERATIONS_COUNT's default, 4), in a rouble wallet created for them if they had none.
INSERT INTO "Wallet" (id, "userId", currency, balance, "freeOperationsLeft", "createdAt", "updatedAt")
SELECT gen_random_uuid()::text, u.id, 'RUB', 0, 4, now(), now() FROM "User" u
ON CONFLICT ("userId", currency) DO UPDATE SET "freeOperationsLeft" = 4;

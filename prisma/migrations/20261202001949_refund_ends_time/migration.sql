-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "refundEndsTime" BOOLEAN NOT NULL DEFAULT false;

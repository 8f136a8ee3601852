-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "checkedAt" TIMESTAMP(3);

/*
  Warnings:

  - Added the required column `balanceAfter` to the `Operation` table without a default value. This is not possible if the table is not empty.
  - Added the required column `freeLeftAfter` to the `Operation` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "Operation" ADD COLUMN     "balanceAfter" INTEGER NOT NULL,
ADD COLUMN     "freeLeftAfter" INTEGER NOT NULL;

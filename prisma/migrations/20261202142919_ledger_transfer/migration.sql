-- AlterEnum
ALTER TYPE "LedgerKind" ADD VALUE 'transfer';

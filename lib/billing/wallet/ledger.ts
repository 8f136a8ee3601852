import { randomUUID } from "node:crypto";
import { money, type AdminOutcome } from "@/lib/billing/admin/outcome";
import { db, type Tx } from "@/lib/db";
import { parseWalletEnv } from "@/lib/env";
import type { LedgerKind } from "@/lib/generated/prisma/client";

// Every change of a wallet's balance goes through here (or, for a top-up credited by the apply
// path, through the same two statements in apply-sql.ts): one conditional UPDATE of the balance
// and one LedgerEntry carrying the balance after it, in the caller's transaction. The entry's
// unique sourceKey makes each cause apply once; the balance's CHECK (>= 0) and the debit's
// condition make an overdraft impossible. So the balance always equals the sum of its ledger.

/** The currency of the prepaid wallet: roubles, topped up through YooKassa. */
export const WALLET_CURRENCY = "RUB";

export interface LedgerChange {
  userId: string;
  currency: string;
  kind: LedgerKind;
  /** Signed minor units: positive credits, negative debits. */
  amount: number;
  sourceKey: string;
  description: string;
  paymentId?: string | null;
  actorId?: string | null;
  reason?: string | null;
}

export type LedgerResult =
  | { kind: "applied"; balanceAfter: number; entryId: string }
  /** A debit larger than the balance: nothing changed. */
  | { kind: "insufficient"; balance: number }
  /** This cause was applied before (its sourceKey exists): nothing changed. */
  | { kind: "duplicate" };

/**
 * Applies one change in `tx`. A credit creates the wallet on first use; a debit needs the money
 * there (the UPDATE's condition), so two debits racing for the last rouble cannot both pass.
 */
export async function applyLedgerChange(tx: Tx, change: LedgerChange): Promise<LedgerResult> {
  if (!Number.isSafeInteger(change.amount) || change.amount === 0) {
    throw new RangeError(`a ledger change is a non-zero whole number of minor units, not ${change.amount}`);
  }
  const seen = await tx.ledgerEntry.findUnique({
    where: { sourceKey: change.sourceKey },
    select: { id: true },
  });
  if (seen) return { kind: "duplicate" };
  const [wallet] =
    change.amount > 0
      ? await tx.$queryRaw<{ id: string; balance: number }[]>`
          INSERT INTO "Wallet" (id, "userId", currency, balance, "updatedAt")
          VALUES (${randomUUID()}, ${change.userId}, ${change.currency}, ${change.amount}, now())
          ON CONFLICT ("userId", currency)
            DO UPDATE SET balance = "Wallet".balance + EXCLUDED.balance, "updatedAt" = now()
          RETURNING id, balance`
      : await tx.$queryRaw<{ id: string; balance: number }[]>`
          UPDATE "Wallet" SET balance = balance + ${change.amount}, "updatedAt" = now()
          WHERE "userId" = ${change.userId} AND currency = ${change.currency} AND balance >= ${-change.amount}
          RETURNING id, balance`;
  if (!wallet) return { kind: "insufficient", balance: await balanceOf(change.userId, change.currency, tx) };
  const entry = await tx.ledgerEntry.create({
    data: {
      walletId: wallet.id,
      kind: change.kind,
      amount: change.amount,
      balanceAfter: wallet.balance,
      sourceKey: change.sourceKey,
      description: change.description,
      paymentId: change.paymentId ?? null,
      actorId: change.actorId ?? null,
      reason: change.reason ?? null,
    },
    select: { id: true },
  });
  return { kind: "applied", balanceAfter: wallet.balance, entryId: entry.id };
}

/** The balance now (0 for a wallet not yet created). */
export async function balanceOf(userId: string, currency = WALLET_CURRENCY, tx?: Tx) {
  const wallet = await (tx ?? db).wallet.findUnique({
    where: { userId_currency: { userId, currency } },
    select: { balance: true },
  });
  return wallet?.balance ?? 0;
}

/** A refusal is a code and values the admin console words (lib/billing/admin/outcome.ts). */
export type AdjustmentResult = { ok: true; balanceAfter: number } | ({ ok: false } & AdminOutcome);

/**
 * An admin's credit (positive) or debit (negative) of a customer's wallet, with a required
 * reason; a debit larger than the balance is refused with what could be debited.
 */
export async function adjustWallet(input: {
  userId: string;
  amount: number;
  reason: string;
  actorId: string;
  currency?: string;
}): Promise<AdjustmentResult> {
  const id = randomUUID();
  const result = await db.$transaction((tx) =>
    applyLedgerChange(tx, {
      userId: input.userId,
      currency: input.currency ?? WALLET_CURRENCY,
      kind: "adjustment",
      amount: input.amount,
      sourceKey: `adjustment:${id}`,
      description: input.amount > 0 ? "Credit by support" : "Debit by support",
      actorId: input.actorId,
      reason: input.reason,
    }),
  );
  if (result.kind === "applied") return { ok: true, balanceAfter: result.balanceAfter };
  if (result.kind === "insufficient") {
    return {
      ok: false,
      code: "balance_too_low",
      values: { balance: money(result.balance, input.currency ?? WALLET_CURRENCY) },
    };
  }
  return { ok: false, code: "adjustment_duplicate" };
}

/** A new customer's rouble wallet, with the free operations every new customer gets. */
export async function openWallet(tx: Tx, userId: string): Promise<void> {
  await tx.wallet.create({
    data: { userId, currency: WALLET_CURRENCY, freeOperationsLeft: parseWalletEnv().FREE_OPERATIONS_COUNT },
  });
}

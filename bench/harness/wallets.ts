import type pg from "pg";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { newId } from "./fixtures";
import type { Check, Verification } from "./verify";

// Customers with a funded wallet, in bulk, and the ledger's invariants checked after a run. The
// wallet is made the way the ledger's rules require (lib/billing/wallet/ledger.ts): a balance and
// the ledger entry that put it there, so Σ ledger = balance from the start. No free operations
// left, so every charge takes the balance path (the one that writes a ledger entry).

export async function createWallets(
  pool: pg.Pool,
  count: number,
  balance: number,
  tag: string,
): Promise<string[]> {
  const users = Array.from({ length: count }, newId);
  const wallets = Array.from({ length: count }, newId);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "User" (id, email, "updatedAt")
       SELECT id, 'bench-' || $2::text || '-' || id || '@example.com', now() FROM unnest($1::text[]) AS id`,
      [users, tag],
    );
    await client.query(
      `INSERT INTO "Wallet" (id, "userId", currency, balance, "freeOperationsLeft", "updatedAt")
       SELECT w, u, $3, $4, 0, now() FROM unnest($1::text[], $2::text[]) AS t(w, u)`,
      [wallets, users, WALLET_CURRENCY, balance],
    );
    await client.query(
      `INSERT INTO "LedgerEntry" (id, "walletId", kind, amount, "balanceAfter", "sourceKey", description, reason)
       SELECT 'le' || w, w, 'adjustment', $2, $2, 'adjustment:bench-' || w, 'Benchmark funds', 'benchmark fixture'
       FROM unnest($1::text[]) AS w`,
      [wallets, balance],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
  return users;
}

/**
 * No lost update: for every wallet, Σ ledger = balance = initial − charges × price, and one
 * Operation row (and one charge entry) per charge answered as made, nothing more.
 */
export async function verifyWallets(
  pool: pg.Pool,
  options: { users: readonly string[]; charged: readonly number[]; initial: number; price: number },
): Promise<Verification> {
  const result = await pool.query<{
    user: string;
    balance: number;
    ledger: string;
    operations: string;
    charges: string;
  }>(
    `SELECT w."userId" AS user, w.balance,
       (SELECT coalesce(sum(amount), 0) FROM "LedgerEntry" e WHERE e."walletId" = w.id) AS ledger,
       (SELECT count(*) FROM "Operation" o WHERE o."userId" = w."userId") AS operations,
       (SELECT count(*) FROM "LedgerEntry" e WHERE e."walletId" = w.id AND e.kind = 'charge') AS charges
     FROM "Wallet" w WHERE w."userId" = ANY($1)`,
    [options.users],
  );
  const index = new Map(options.users.map((user, position) => [user, position]));
  let ledgerOff = 0;
  let operationsOff = 0;
  let balanceOff = 0;
  let operations = 0;
  for (const row of result.rows) {
    const charged = options.charged[index.get(row.user) ?? -1] ?? 0;
    operations += Number(row.operations);
    if (Number(row.ledger) !== row.balance) ledgerOff++;
    if (Number(row.operations) !== charged || Number(row.charges) !== charged) operationsOff++;
    if (row.balance !== options.initial - charged * options.price) balanceOff++;
  }
  const answered = options.charged.reduce((sum, n) => sum + n, 0);
  const checks: Check[] = [
    {
      name: "every wallet there",
      pass: result.rows.length === options.users.length,
      detail: `${result.rows.length} of ${options.users.length}`,
    },
    { name: "Σ ledger = balance, every wallet", pass: ledgerOff === 0, detail: `${ledgerOff} wallets off` },
    {
      name: "Operation rows = charge entries = 201 answers, every wallet",
      pass: operationsOff === 0 && operations === answered,
      detail: `${operations} operations for ${answered} answers; ${operationsOff} wallets off`,
    },
    {
      name: "balance = initial − 201s × price, every wallet",
      pass: balanceOff === 0,
      detail: `${balanceOff} wallets off`,
    },
  ];
  return { pass: checks.every((check) => check.pass), checks };
}

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, expect, inject } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { closeRateLimits } from "@/lib/rate-limit";
import { admin, withDatabase } from "./database-server";

// Runs before each integration test file: a fresh database cloned from the migrated template,
// exposed as DATABASE_URL (lib/db.ts creates its client lazily, after this has run).

const adminUrl = inject("adminDatabaseUrl");
const template = inject("templateDatabase");
const database = `test_${randomUUID().replaceAll("-", "")}`;

await cloneTemplate();
process.env.DATABASE_URL = withDatabase(adminUrl, database);
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";

// After every test: each wallet's balance is the sum of its ledger (a test that made no wallet
// pays one cheap query).
afterEach(async () => {
  if (!process.env.DATABASE_URL) return;
  const broken = await db.$queryRaw<{ id: string; balance: number; sum: bigint | null }[]>`
    SELECT w.id, w.balance, l.sum
    FROM "Wallet" w
    LEFT JOIN (SELECT "walletId", SUM(amount) AS sum FROM "LedgerEntry" GROUP BY 1) l ON l."walletId" = w.id
    WHERE w.balance <> COALESCE(l.sum, 0)`;
  expect(broken, "wallets whose balance is not the sum of their ledger").toEqual([]);
});

afterAll(async () => {
  await disconnectDb();
  await closeRateLimits();
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

async function cloneTemplate(): Promise<void> {
  // PostgreSQL refuses to copy a template while another CREATE DATABASE is reading it
  // ("source database … is being accessed by other users"); files start in parallel, so retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(adminUrl, `CREATE DATABASE ${database} TEMPLATE ${template}`);
      return;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes("being accessed by other users")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

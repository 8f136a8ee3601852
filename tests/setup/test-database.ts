import { randomUUID } from "node:crypto";
import type * as NextHeaders from "next/headers";
import { afterAll, afterEach, expect, inject, vi } from "vitest";
import { db, disconnectDb } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { closeRateLimits } from "@/lib/rate-limit";
import { resetTestRequest, testRequest } from "../support/test-request";
import { admin, withDatabase } from "./database-server";

// Server actions read the reader's language from next/headers, which throws outside a request.
// Inside one (a route run through Next's route module) the real answers stand; outside, the
// test's stand-in request (tests/support/test-request.ts) answers.
// next-intl outside Next answers from the catalogs in the stand-in request's language
// (tests/support/next-intl.ts), for every test that renders a page or a component.
vi.mock("next-intl/server", async () => (await import("../support/next-intl")).nextIntlServer);
vi.mock("next-intl", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  ...(await import("../support/next-intl")).nextIntlHooks,
}));

vi.mock("next/headers", async (importOriginal) => {
  const real = await importOriginal<typeof NextHeaders>();
  const cookies = {
    get: (name: string) =>
      testRequest.cookies.has(name) ? { name, value: testRequest.cookies.get(name)! } : undefined,
    set: (name: string, value: string) => void testRequest.cookies.set(name, value),
  };
  async function outside<T>(call: () => Promise<T>, fallback: () => unknown): Promise<T> {
    try {
      return await call();
    } catch {
      return fallback() as T;
    }
  }
  return {
    ...real,
    cookies: () => outside(real.cookies, () => cookies),
    headers: () =>
      outside(
        real.headers,
        () =>
          new Headers({
            "accept-language": testRequest.acceptLanguage,
            ...(testRequest.clientAddress ? { [CLIENT_ADDRESS_HEADER]: testRequest.clientAddress } : {}),
          }),
      ),
  };
});

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
  resetTestRequest();
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

// `npm run db:seed:large -- --payments 1000000 [--users N] [--batch N] [--jobs N] [--reset]`: fills the
// database with generated customers and payments, for the admin payments table's benchmarks and
// for trying it at realistic size. Generated rows are marked (ids "seed_…", emails
// "…@example.test"); a second run refuses to pile more on top unless --reset removes them first.
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { upsertCatalog } from "../lib/billing/catalog";
import { disconnectDb } from "../lib/db";
import { PLANS, PRODUCT_SLUG } from "./seed-large/distribution";
import {
  countGenerated,
  deleteGenerated,
  finishUsers,
  insertPayments,
  insertUsers,
} from "./seed-large/statements";

const { values: args } = parseArgs({
  options: {
    payments: { type: "string", default: "100000" },
    users: { type: "string" },
    batch: { type: "string", default: "50000" },
    // Batches run on this many connections at once: PostgreSQL does the work, one core each.
    jobs: { type: "string", default: String(Math.min(4, os.availableParallelism())) },
    reset: { type: "boolean", default: false },
  },
});
const payments = positiveInteger("--payments", args.payments);
// About ten payments per customer on average; the skew gives a few customers thousands.
const users =
  args.users === undefined ? Math.max(10, Math.ceil(payments / 10)) : positiveInteger("--users", args.users);
const batch = positiveInteger("--batch", args.batch);
const jobs = positiveInteger("--jobs", args.jobs);

const connectionString = process.env.DATABASE_URL;
if (!connectionString) fail("DATABASE_URL is not set (run through `npm run db:seed:large`).");

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const client = await connect();
try {
  const existing = await countGenerated(client);
  if (existing.users + existing.payments > 0) {
    if (!args.reset) {
      fail(
        `The database already holds ${existing.users} generated users and ${existing.payments} generated ` +
          "payments. Run again with --reset to replace them.",
      );
    }
    await deleteGenerated(client);
    console.log(
      `seed:large: removed ${existing.users} users and ${existing.payments} payments (${elapsed()})`,
    );
  }

  await upsertCatalog();
  await checkCatalog(client);
  await insertUsers(client, users);
  console.log(`seed:large: ${users.toLocaleString("en-US")} users (${elapsed()})`);
  await insertAllPayments();
  // Statistics first: planned on the empty tables' stats, finishUsers() takes minutes, not seconds.
  await client.query(`ANALYZE "User", "Payment"`);
  await finishUsers(client);
  console.log(`seed:large: subscriptions and sign-up dates (${elapsed()})`);
  // Fresh statistics for the planner, and a visibility map so counts can be index-only scans.
  await client.query(`VACUUM (ANALYZE) "User", "Subscription", "Payment", "PaymentEvent"`);
  console.log(`seed:large: done, ${payments.toLocaleString("en-US")} payments in ${elapsed()}`);
} finally {
  await client.end();
  await disconnectDb();
}

/** Batches handed out to `jobs` connections in turn; each batch seeds its own random sequence. */
async function insertAllPayments(): Promise<void> {
  let next = 1;
  let done = 0;
  const worker = async () => {
    const connection = await connect();
    try {
      while (next <= payments) {
        const first = next;
        const last = Math.min(payments, first + batch - 1);
        next = last + 1;
        await insertPayments(connection, first, last, users);
        done += last - first + 1;
        const share = Math.round((done / payments) * 100);
        console.log(`seed:large: ${done.toLocaleString("en-US")} payments (${share}%, ${elapsed()})`);
      }
    } finally {
      await connection.end();
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
}

async function connect(): Promise<pg.Client> {
  const connection = new pg.Client({ connectionString });
  await connection.connect();
  // A generated data set can be regenerated: losing it in a crash costs nothing, so skip the
  // wait for each commit to reach the disk.
  await connection.query("SET synchronous_commit = off");
  await connection.query("SET work_mem = '64MB'");
  return connection;
}

async function checkCatalog(db: pg.Client): Promise<void> {
  const { rows } = await db.query<{ slug: string }>(
    `SELECT slug FROM "Plan" WHERE slug = ANY($1) UNION ALL SELECT slug FROM "Product" WHERE slug = $2`,
    [PLANS.values, PRODUCT_SLUG],
  );
  const found = new Set(rows.map((row) => row.slug));
  const missing = [...PLANS.values, PRODUCT_SLUG].filter((slug) => !found.has(slug));
  if (missing.length > 0)
    fail(`The catalog has no ${missing.join(", ")}: update scripts/seed-large/distribution.ts.`);
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  // Generated ids carry an 8-digit number.
  if (!Number.isSafeInteger(number) || number < 1 || number > 99_999_999) {
    fail(`${name} must be an integer from 1 to 99,999,999, got "${value}".`);
  }
  return number;
}

function fail(message: string): never {
  console.error(`seed:large: ${message}`);
  process.exit(1);
}

import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

// One Prisma client per process (cached on globalThis so Next's dev reloads don't open a new pool
// each time). The URL always comes from DATABASE_URL: when an operator leaves it unset, the
// launcher (scripts/serve.ts, via lib/database-server.ts) starts the embedded PostgreSQL and
// hands its URL to the app in DATABASE_URL, so there is exactly one way a process finds its data.

function createClient() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start`, which start the " +
        "embedded PostgreSQL when DATABASE_URL is unset, or set DATABASE_URL to your server.",
    );
  }
  // One pool: Prisma's adapter sends through it, and so does query() below.
  const pool = new pg.Pool({ connectionString });
  // An idle connection the server closed (a restart, a failover, an administrator) is reported
  // here; the pool drops it and opens another when next asked. Without a listener node-postgres
  // would throw it as an uncaught exception and take the process down.
  pool.on("error", (error) => logger("db").warn({ err: error }, "database: an idle connection was closed"));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: statementName }),
    // Password hashes leave the database only where a query asks for them explicitly.
    omit: { user: { passwordHash: true } },
  });
  return { prisma, pool };
}

/**
 * Every statement is prepared under a name derived from its text, so PostgreSQL plans it once per
 * connection instead of on every call (unnamed statements are re-planned each time: 20–60% of
 * the server's CPU per statement on the webhook path, ../shared/STACK-NOTES.md). One text, one
 * name, as node-postgres requires.
 */
function statementName(query: { sql: string }): string {
  // A list of values (`IN ($1, $2, …)`) makes a new text for each length: those stay unnamed, so
  // what a connection keeps prepared stays bounded.
  if (VALUE_LIST.test(query.sql)) return "";
  return `p_${createHash("sha1").update(query.sql).digest("base64url")}`;
}

const VALUE_LIST = /\bIN \(\$\d+,/i;

export type Db = ReturnType<typeof createClient>["prisma"];

const globalForDb = globalThis as unknown as { billingDb?: ReturnType<typeof createClient> };

function client(): Db {
  globalForDb.billingDb ??= createClient();
  return globalForDb.billingDb.prisma;
}

/** The process-wide Prisma client, created on first use (so tests can set DATABASE_URL first). */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const target = client();
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
});

/** Closes the pool; for scripts and tests that must exit cleanly. */
export async function disconnectDb(): Promise<void> {
  const open = globalForDb.billingDb;
  if (open) {
    globalForDb.billingDb = undefined;
    await open.prisma.$disconnect();
    await open.pool.end();
  }
}

/**
 * One statement straight through node-postgres on the same pool, prepared under the same name as
 * Prisma would give it. For the webhook request's single statement: there, Prisma's query
 * interpreter (its promises, its result mapping) cost more CPU than the statement itself
 * (docs/benchmarks.md). Dates are sent as UTC ISO text, as Prisma stores them in `timestamp`
 * columns; rows come back as node-postgres parses them.
 */
export async function query<Row extends object>(statement: Prisma.Sql): Promise<Row[]> {
  globalForDb.billingDb ??= createClient();
  const name = statementName({ sql: statement.text });
  const values = statement.values.map((value) => (value instanceof Date ? value.toISOString() : value));
  const result = await globalForDb.billingDb.pool.query<Row>({
    ...(name ? { name } : {}),
    text: statement.text,
    values,
  });
  return result.rows;
}

/** The client handed to `db.$transaction(async (tx) => …)`: what every write inside one takes. */
export type Tx = Prisma.TransactionClient;

/** Whether a write failed on a unique constraint (the database's answer to "already there"). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === "P2002";
  // node-postgres (query() above) reports PostgreSQL's own code.
  return error instanceof pg.DatabaseError && error.code === "23505";
}

// Temporary shadow databases, where the engine replays the migrations to learn the schema they
// produce. adapter-pg's own connectToShadowDb() cannot be used: it creates the database, then
// connects with `{ connectionString, database }`, and node-postgres lets the URL's database win,
// so the "shadow" work would run against the main database.

import { randomUUID } from "node:crypto";
import pg from "pg";
import { withDatabase, type DatabaseTarget } from "./database-url.js";

const SHADOW_PREFIX = "prisma_migrate_shadow_db_";

export class ShadowDatabases {
  readonly #live = new Set<string>();

  constructor(private readonly main: DatabaseTarget) {}

  /** Creates an empty database on the main server; drop() or dropAll() removes it. */
  async create(): Promise<DatabaseTarget> {
    // Same naming as Prisma, so a leftover from a killed run is recognisable.
    const name = `${SHADOW_PREFIX}${randomUUID()}`;
    try {
      await this.#admin(`CREATE DATABASE "${name}"`);
    } catch (error) {
      throw new Error(explainCreateFailure(error, this.main), { cause: error });
    }
    this.#live.add(name);
    return withDatabase(this.main, name);
  }

  /** Call only after every connection to the database is closed. */
  async drop(name: string): Promise<void> {
    if (!this.#live.delete(name)) return;
    // PostgreSQL waits up to 5 s for backends that are still shutting down after pool.end().
    await this.#admin(`DROP DATABASE IF EXISTS "${name}"`);
  }

  /** Last resort at exit, for databases whose adapter never got to dispose of them. */
  async dropAll(): Promise<void> {
    for (const name of [...this.#live]) {
      try {
        await this.drop(name);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(`warning: could not drop shadow database "${name}": ${reason}\n`);
      }
    }
  }

  async #admin(sql: string): Promise<void> {
    // A connection of its own: CREATE/DROP DATABASE cannot run inside a transaction, and the
    // engine's pools must not be borrowed for it.
    const client = new pg.Client({ connectionString: this.main.connectionString });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

function explainCreateFailure(error: unknown, main: DatabaseTarget): string {
  const code = error instanceof Error && "code" in error ? error.code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  if (code === "42501") {
    return (
      `Cannot create a shadow database: ${reason}. This command replays the migrations in a ` +
      `temporary database on the same server, so the user "${main.user}" needs the CREATEDB ` +
      `privilege (ALTER ROLE "${main.user}" CREATEDB).`
    );
  }
  return `Cannot create a shadow database on ${main.hostAndPort}: ${reason}`;
}

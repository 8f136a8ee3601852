// Parsing of DATABASE_URL (postgresql://user:pass@host:port/db?schema=…) into what node-postgres
// and adapter-pg need, plus the variant of the same URL that points at a shadow database.

import type { PoolConfig } from "pg";

export interface DatabaseTarget {
  /** The URL handed to node-postgres, without Prisma's own `schema` parameter. */
  readonly connectionString: string;
  readonly database: string;
  readonly user: string;
  readonly hostAndPort: string;
  /** Prisma's `?schema=` parameter; `undefined` means the server default (`public`). */
  readonly schema: string | undefined;
}

// Only plain identifiers: the schema ends up in a `-c search_path=…` startup option, whose
// escaping rules (backslashes for spaces, quotes for case) are not worth getting subtly wrong.
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function parseDatabaseUrl(raw: string): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(
      "DATABASE_URL is not a valid URL (expected postgresql://user:password@host:port/database).",
    );
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new Error(`DATABASE_URL must be a PostgreSQL URL (postgresql://…), got "${url.protocol}//…".`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "") {
    throw new Error("DATABASE_URL has no database name (postgresql://user:password@host:port/<database>).");
  }
  const schema = url.searchParams.get("schema") ?? undefined;
  if (schema !== undefined && !PLAIN_IDENTIFIER.test(schema)) {
    throw new Error(`Unsupported schema name in DATABASE_URL: "${schema}" (letters, digits and _ only).`);
  }
  // node-postgres would pass an unknown `schema` parameter through as a connection setting;
  // adapter-pg takes the schema as an option instead (see poolConfig/adapterOptions).
  url.searchParams.delete("schema");
  return {
    connectionString: url.toString(),
    database,
    user: decodeURIComponent(url.username),
    hostAndPort: url.port === "" ? url.hostname : `${url.hostname}:${url.port}`,
    schema,
  };
}

/** The same server and credentials, another database: how shadow databases are reached. */
export function withDatabase(target: DatabaseTarget, database: string): DatabaseTarget {
  const url = new URL(target.connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...target, connectionString: url.toString(), database };
}

export function poolConfig(target: DatabaseTarget): PoolConfig {
  // Like the native engine's `?schema=`: unqualified names in migration scripts land in that
  // schema, because the engine renders `CREATE TABLE "User"`, not `"schema"."User"`.
  const options = target.schema === undefined ? undefined : `-c search_path=${target.schema}`;
  // The engine takes its advisory lock (pg_advisory_lock, held until the connection closes) on
  // one pooled connection and never unlocks it. node-postgres closes connections idle for 10 s
  // by default, which would drop the lock in the middle of a long deploy: keep them open until
  // the pool ends instead.
  return { connectionString: target.connectionString, options, idleTimeoutMillis: 0 };
}

export function adapterOptions(target: DatabaseTarget): { schema?: string } {
  // adapter-pg reports this schema to the engine as the one to inspect and migrate.
  return target.schema === undefined ? {} : { schema: target.schema };
}

export function describeTarget(target: DatabaseTarget): string {
  return `PostgreSQL database "${target.database}", schema "${target.schema ?? "public"}" at "${target.hostAndPort}"`;
}

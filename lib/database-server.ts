import { parseDatabaseEnv } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";

// DATABASE_URL set → that server; unset → start (or reuse, after a crash) the embedded PostgreSQL
// under DATA_DIR. Used by every process that owns the database's lifetime: the dev/start launcher,
// the seed and migration commands run by hand.

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(options: { log?: (line: string) => void } = {}): Promise<DatabaseHandle> {
  const { DATABASE_URL, DATA_DIR } = parseDatabaseEnv();
  if (DATABASE_URL) return { url: DATABASE_URL, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, log: options.log });
  return { url: server.url(), embedded: true, stop: () => server.stop() };
}

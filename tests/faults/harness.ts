import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from "@/lib/embedded-postgres";

// The fault and scale tests (tests/faults/) run the app as an operator scaled out runs it, against
// the production build in .next (`npm run build` first):
//   database     a dedicated embedded PostgreSQL in a temporary directory, on a free port;
//   migrations   `npm run db:migrate`, then `npm run db:seed` (the plan catalog), DATABASE_URL set;
//   worker       `npm run worker` (scripts/worker.ts);
//   app servers  `node --import tsx scripts/next-server.ts start` (what scripts/serve.ts spawns),
//                with DATABASE_URL, AUTH_SECRET, PORT, APP_URL, NEXTAUTH_URL, RUN_WORKERS and the
//                provider keys.
// Every child runs in its own process group (kill(-pid) reaches npm, tsx and node at once), its
// output is kept and printed when a test fails, and stopAll() leaves no process behind.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const TSX_LOADER = import.meta.resolve("tsx");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

export const AUTH_SECRET = "faults-auth-secret-0123456789-abcdefghij";
export const STRIPE_SECRET_KEY = "sk_test_faults_0123456789";
export const STRIPE_WEBHOOK_SECRET = "whsec_faults_0123456789abcdef";
export const TELEGRAM_BOT_TOKEN = "4242:faults-bot-token";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * fetch() with a deadline that always fires. (A bare AbortSignal.timeout() is held weakly: seen
 * here, a fetch whose signal had been collected waited forever for an answer that never came.)
 */
export async function fetchWithin(
  url: string | URL,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    // The body too: read within the same deadline.
    const body = await response.arrayBuffer();
    return new Response(response.status === 204 || response.status === 304 ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` until it holds; throws with `what` after `timeoutMs`. */
export async function until(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(everyMs);
  }
}

/** A free TCP port outside the ranges other work on this machine uses (3000–3199, 5432). */
export async function appPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await freePort();
    if (port >= 3200 && port !== 5432) return port;
  }
  throw new Error("no free port ≥ 3200");
}

// ---------------------------------------------------------------------------------------------
// The database

export interface FaultDatabase {
  /** The app's database URL (database "billing"). */
  url: string;
  port: number;
  /** Stops PostgreSQL ("fast": open connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

export async function startDatabase(): Promise<FaultDatabase> {
  // As root, PostgreSQL runs as the `postgres` user: a directory under os.tmpdir() it can enter.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-faults-pg-"));
  const first = await startEmbeddedPostgres({ dataDir });
  const port = first.port;
  const url = first.url();
  // One start or stop at a time, each waiting for the one before.
  let server: Promise<EmbeddedServer | undefined> = Promise.resolve(first);
  const stop = () =>
    (server = server.then(async (running) => {
      await running?.stop();
      return undefined;
    }));
  return {
    url,
    port,
    async stop() {
      await stop();
    },
    async start() {
      await (server = server.then((running) => running ?? startEmbeddedPostgres({ dataDir, port })));
    },
    async destroy() {
      await stop().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `npm run db:migrate` then `npm run db:seed`, as a deployment does before starting the app. */
export async function migrateAndSeed(databaseUrl: string): Promise<void> {
  for (const script of ["db:migrate", "db:seed"]) {
    const child = new Child(`npm run ${script}`, NPM, ["run", "--silent", script], {
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
    });
    const code = await child.exited;
    if (code !== 0) throw new Error(`npm run ${script} exited with ${code}:\n${child.output()}`);
  }
}

/** A short-lived client for the test's own reads (one connection, closed after `run`). */
export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Child processes

const children = new Set<Child>();

/** Every child still running gets SIGKILL if the test process itself goes away. */
process.on("exit", () => {
  for (const child of children) child.killGroup("SIGKILL");
});

class Child {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: Record<string, string>,
  ) {
    this.process = spawn(command, args, {
      cwd: ROOT,
      // Its own process group: npm → sh → tsx → node all get the signal.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...baseEnv(), ...env } as NodeJS.ProcessEnv,
    });
    children.add(this);
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.lines.push(line);
      if (this.lines.length > 2_000) this.lines.splice(0, this.lines.length - 1_000);
    };
    this.process.stdout?.on("data", keep);
    this.process.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      this.process.once("exit", (code, signal) => {
        children.delete(this);
        this.lines.push(`(${this.name} exited: ${signal ?? code})`);
        resolve(code);
      });
    });
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  output(last = 60): string {
    return this.lines
      .slice(-last)
      .map((line) => `  [${this.name}] ${line}`)
      .join("\n");
  }

  /** Lines containing `text`, over the whole (kept) output. */
  grep(text: string): string[] {
    return this.lines.filter((line) => line.includes(text));
  }

  killGroup(signal: NodeJS.Signals): void {
    const pid = this.process.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.killGroup("SIGTERM");
    const timer = setTimeout(() => this.killGroup("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.killGroup("SIGKILL"); // anything left in the group
  }
}

function baseEnv(): Record<string, string> {
  // The test runner's own variables, without what would point a child at another database or
  // at settings of the developer's shell.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith("VITEST") || key === "DATABASE_URL") continue;
    env[key] = value;
  }
  env.NEXT_TELEMETRY_DISABLED = "1";
  // The children log to their stdout, which is kept (printed when a test fails, and read for
  // "workers: running"): not silenced as the test process is, not sent to a file.
  env.LOG_LEVEL = "info";
  delete env.LOG_FILE;
  return env;
}

export interface ProcessHandle {
  name: string;
  /** The process group's leader. */
  pid: number;
  readonly running: boolean;
  output(last?: number): string;
  grep(text: string): string[];
  /** SIGKILL to the whole process group, at once; resolves when it has exited. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

function handle<Extra extends object>(child: Child, extra: Extra): ProcessHandle & Extra {
  return {
    ...extra,
    name: child.name,
    pid: child.process.pid ?? -1,
    get running() {
      return child.running;
    },
    output: (last) => child.output(last),
    grep: (text) => child.grep(text),
    async kill() {
      child.killGroup("SIGKILL");
      await child.exited;
    },
    stop: () => child.stop(),
  };
}

export interface AppServer extends ProcessHandle {
  url: string;
  port: number;
  env: Record<string, string>;
}

/** The environment every app process gets besides its own port. */
export function appEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    AUTH_SECRET,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    // Nothing listens there unless a test says otherwise: these tests send Stripe's events
    // themselves, and a signed event is applied without asking Stripe.
    STRIPE_API_BASE: "http://127.0.0.1:9",
    TELEGRAM_BOT_TOKEN,
    TELEGRAM_API_BASE: "http://127.0.0.1:9",
    ...extra,
  };
}

/**
 * `node --import tsx scripts/next-server.ts start` on `port` (a free one unless given), healthy
 * when GET /api/health answers 200.
 */
export async function startApp(
  name: string,
  env: Record<string, string>,
  options: { port?: number; startTimeoutMs?: number } = {},
): Promise<AppServer> {
  const port = options.port ?? (await appPort());
  const url = `http://127.0.0.1:${port}`;
  const fullEnv = {
    ...env,
    PORT: String(port),
    APP_URL: url,
    NEXTAUTH_URL: url,
  };
  const child = new Child(
    name,
    process.execPath,
    ["--import", TSX_LOADER, path.join("scripts", "next-server.ts"), "start"],
    fullEnv,
  );
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  for (;;) {
    if (!child.running) throw new Error(`${name} exited before it was healthy:\n${child.output()}`);
    const healthy = await fetchWithin(`${url}/api/health`, {}, 5_000)
      .then((response) => response.status === 200)
      .catch(() => false);
    if (healthy) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${name} was not healthy in time:\n${child.output()}`);
    }
    await sleep(250);
  }
  return handle(child, { url, port, env: fullEnv });
}

/** `npm run worker`, ready once it says its workers are running. */
export async function startWorker(name: string, env: Record<string, string>): Promise<ProcessHandle> {
  const child = new Child(name, NPM, ["run", "--silent", "worker"], env);
  const deadline = Date.now() + 60_000;
  while (child.grep("workers: running").length === 0) {
    if (!child.running) throw new Error(`${name} exited before it was running:\n${child.output()}`);
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${name} did not start in time:\n${child.output()}`);
    }
    await sleep(100);
  }
  return handle(child, {});
}

/** Stops every child this file started (SIGTERM, then SIGKILL). */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop(5_000)));
}

/** The output of every process still known, for a failure message. */
export function describeProcesses(processes: readonly ProcessHandle[], last = 40): string {
  return processes.map((p) => p.output(last)).join("\n");
}

export function randomId(bytes = 6): string {
  return randomBytes(bytes).toString("hex");
}

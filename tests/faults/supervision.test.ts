import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPostbackToken } from "@/sandbox/cryptocloud/postback";

// The launcher as an operator runs it (`npm start` = tsx scripts/serve.ts start, on the embedded
// database, from the production build), stopped and crashed the ways a process manager sees:
// - SIGTERM: it stops taking connections, answers the delivery in flight, then stops the rest;
// - SHUTDOWN_TIMEOUT bounds that wait;
// - the Next.js server killed under it: the launcher exits non-zero at once, saying why, and
//   leaves nothing running (no bot, no database) for a supervisor to trip over.

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const SECRET_KEY = "supervision-test-cryptocloud-secret";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-supervision-"));

type Launcher = {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
};
const running = new Set<ChildProcess>();

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")))
    throw new Error("tests/faults need a production build: run `npm run build` (npm test does)");
});

afterAll(() => {
  // Each launcher leads its own process group: a failed test leaves no server, bot or database.
  for (const child of running) process.kill(-child.pid!, "SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Each test starts the app (about 10-30 s on the embedded database) and stops it.
describe("the launcher under a process manager", { timeout: 240_000 }, () => {
  it("on SIGTERM stops taking connections, answers the delivery in flight, then stops everything", async () => {
    const app = await startLauncher({ SHUTDOWN_TIMEOUT: "20" });
    const delivery = await beginDelivery(app.port);

    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    await expect.poll(() => connects(app.port), { timeout: 10_000 }).toBe(false);

    const answer = await delivery.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    const exit = await app.exited;
    expect(exit.code).toBe(143);
    expect(exit.at - signalledAt).toBeLessThan(20_000);
    expect(postmasterRunning()).toBe(false);
  });

  it("gives a request that never finishes SHUTDOWN_TIMEOUT, then exits anyway", async () => {
    const app = await startLauncher({ SHUTDOWN_TIMEOUT: "3" });
    const stuck = await beginDelivery(app.port);

    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    const took = exit.at - signalledAt;
    expect(exit.code).toBe(143);
    // It waited for the request (3 s), and not much longer (closing Next, the bot, the database).
    expect(took).toBeGreaterThanOrEqual(2_900);
    expect(took).toBeLessThan(3_000 + 15_000);
    expect(await stuck.closed).toBe(true);
    expect(postmasterRunning()).toBe(false);
  });

  it("exits non-zero at once, saying why, when the Next.js server dies under it", async () => {
    const app = await startLauncher({});
    const children = childPids(app.child.pid!);
    const server = children.find((pid) => commandLine(pid).includes("next-server"));
    expect(server, "the Next.js server process").toBeDefined();
    // Besides it: the bot (on the Telegram emulator) and the embedded PostgreSQL.
    expect(children.length).toBeGreaterThanOrEqual(3);

    const killedAt = Date.now();
    process.kill(server!, "SIGKILL");
    const exit = await app.exited;
    expect(exit.code).toBe(1);
    expect(exit.at - killedAt).toBeLessThan(15_000);
    expect(app.output()).toContain("the Next.js server stopped on its own (killed by SIGKILL)");
    // Nothing half-running is left: the bot and the embedded database are gone with it.
    expect(children.filter(alive)).toEqual([]);
    expect(postmasterRunning()).toBe(false);
  });
});

async function startLauncher(extra: Record<string, string>): Promise<Launcher> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "start"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      AUTH_SECRET: "supervision-test-auth-secret-0123456789abcdef",
      // Our own CryptoCloud keys (no emulator for it), so the test can sign a postback.
      CRYPTOCLOUD_API_KEY: "supervision-api-key",
      CRYPTOCLOUD_SHOP_ID: "supervision-shop",
      CRYPTOCLOUD_SECRET_KEY: SECRET_KEY,
      CRYPTOCLOUD_API_BASE: "http://127.0.0.1:9/v2",
      LOG_LEVEL: "info",
      LOG_FILE: "",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  const ready = await Promise.race([
    waitForHealth(port).then(() => true),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 150_000)),
  ]);
  if (!ready) throw new Error(`the app did not start:\n${output}`);
  return { child, port, output: () => output, exited };
}

/**
 * An authentic CryptoCloud postback sent slowly: the headers and half the body now, the rest when
 * `finish()` is called; resolves with the raw response. `closed` resolves true once the server
 * has closed the connection.
 */
async function beginDelivery(port: number) {
  const token = await signPostbackToken("INV-SUPERVISE", SECRET_KEY, 300);
  const body = JSON.stringify({
    status: "success",
    invoice_id: "SUPERVISE",
    amount_crypto: 10,
    currency: "USDT_TRC20",
    order_id: "supervision-order",
    token,
  });
  const socket = net.connect(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let response = "";
  socket.on("data", (chunk: Buffer) => (response += chunk.toString()));
  const closed = new Promise<boolean>((resolve) => socket.once("close", () => resolve(true)));
  socket.on("error", () => undefined);
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /api/webhook/payment HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
      `User-Agent: CryptoCloud-Postback\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body.slice(0, half),
  );
  // Let the server take the request in hand before anything else happens.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    closed,
    async finish() {
      socket.write(body.slice(half));
      await expect.poll(() => response, { timeout: 10_000 }).toMatch(/\r\n\r\n/);
      return response;
    },
  };
}

async function waitForHealth(port: number) {
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server still owns the data directory (its postmaster.pid is there). */
function postmasterRunning(): boolean {
  const found = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      if (entry.name === "postmaster.pid") return true;
      return entry.isDirectory() && found(path.join(dir, entry.name));
    });
  return found(dataDir);
}

/** Live child processes of `pid` (from /proc). */
function childPids(pid: number): number[] {
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => {
      try {
        const stat = fs.readFileSync(`/proc/${candidate}/stat`, "utf8");
        // Fields after the command name "(…)": state, then the parent's pid.
        const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(parent) === pid && state !== "Z";
      } catch {
        return false;
      }
    });
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/embedded-postgres";

// The production build and the production server, exactly as an operator runs them:
// `next build`, then `tsx scripts/serve.ts start` (which migrates, seeds and execs `next start`).

/** What a production build depends on; a file newer than .next/BUILD_ID means the build is stale. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "types",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package.json",
  "prisma/schema.prisma",
];

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export interface BuildReport {
  built: boolean;
  reason: string;
  seconds: number;
}

export async function ensureProductionBuild(
  root: string,
  mode: "auto" | "always" | "never",
): Promise<BuildReport> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (mode === "never") {
    if (!builtAt)
      throw new Error("--no-build: there is no production build (.next/BUILD_ID); run `npm run build`");
    return { built: false, reason: "--no-build", seconds: 0 };
  }
  const newest = Math.max(...BUILD_INPUTS.map((input) => newestMtime(path.join(root, input))));
  let reason: string;
  if (mode === "always") reason = "--build";
  else if (!builtAt) reason = "no .next/BUILD_ID";
  else if (newest > builtAt) reason = "sources are newer than .next/BUILD_ID";
  else return { built: false, reason: "up to date", seconds: 0 };

  // The project's own build script where it has one (this one's also writes the Brotli copies its
  // server sends, scripts/compress-static.ts); `next build` for the do-nothing app.
  const script = hasBuildScript(root);
  console.log(`building the app (${script ? "npm run build" : "next build"}): ${reason}`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const [command, args] = script
      ? ["npm", ["run", "build", "--silent"]]
      : [path.join(root, "node_modules", ".bin", "next"), ["build"]];
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), 600_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`the build exited with ${code}`));
    });
  });
  return { built: true, reason, seconds: (Date.now() - started) / 1000 };
}

function hasBuildScript(root: string): boolean {
  const manifest = path.join(root, "package.json");
  if (!fs.existsSync(manifest)) return false;
  const { scripts } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { scripts?: Record<string, string> };
  return Boolean(scripts?.build);
}

/** A free TCP port outside the ranges this machine reserves for other work (3000–3199, 5432). */
export async function benchPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port >= 3200 && port !== 5432) return port;
  }
  throw new Error("no free port ≥ 3200");
}

export interface AppServer {
  url: string;
  /** pid of the launcher (root of the server's process tree, also its process group). */
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a production server from `root`: the app as an operator runs it (`tsx scripts/serve.ts
 * start`, healthy when /api/health answers 200), or, with `command: "next-start"`, a bare
 * `next start` (the benchmark's do-nothing app, which has no health route: listening is enough).
 */
export async function startAppServer(options: {
  root: string;
  env: Record<string, string>;
  logFile: string;
  startTimeoutMs?: number;
  command?: "serve" | "next-start";
}): Promise<AppServer> {
  const port = await benchPort();
  const url = `http://127.0.0.1:${port}`;
  const log = fs.openSync(options.logFile, "a");
  const bare = options.command === "next-start";
  const child: ChildProcess = spawn(
    path.join(options.root, "node_modules", ".bin", bare ? "next" : "tsx"),
    bare ? ["start", "--port", String(port), "--hostname", "127.0.0.1"] : ["scripts/serve.ts", "start"],
    {
      cwd: options.root,
      // Its own process group, so stop() reaches tsx, the launcher and `next start` at once.
      detached: true,
      stdio: ["ignore", log, log],
      env: {
        ...process.env,
        ...options.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: String(port),
        APP_URL: url,
      },
    },
  );
  fs.closeSync(log);
  const pid = child.pid ?? -1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Whatever happens to this process (an exception, Ctrl-C handled by embedded-postgres), the
  // server must not outlive it.
  const killOnExit = () => killGroup(pid, "SIGKILL");
  process.on("exit", killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      killGroup(pid, "SIGTERM");
      await exited;
      // The launcher may exit before `next start` has finished shutting down: wait for the whole
      // group, then kill what is left after 15 s.
      for (let waited = 0; waited < 15_000 && groupAlive(pid); waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      killGroup(pid, "SIGKILL");
      process.off("exit", killOnExit);
    })());

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app server exited before it was healthy:\n${tail(options.logFile, 30)}`);
    }
    try {
      const response = await fetch(`${url}${bare ? "/api/webhook/payment" : "/api/health"}`, {
        signal: AbortSignal.timeout(5_000),
      });
      await response.arrayBuffer();
      if (bare || response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app server was not healthy within the time limit:\n${tail(options.logFile, 30)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, pid, logFile: options.logFile, stop };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * The job workers as their own process, as an operator runs them beside an app started with
 * RUN_WORKERS=false (`npm run worker`: tsx scripts/worker.ts); ready when it says it is running.
 */
export async function startWorkerProcess(options: {
  root: string;
  env: Record<string, string>;
  logFile: string;
}): Promise<{ pid: number; logFile: string; stop(): Promise<void> }> {
  const log = fs.openSync(options.logFile, "a");
  const child = spawn(path.join(options.root, "node_modules", ".bin", "tsx"), ["scripts/worker.ts"], {
    cwd: options.root,
    detached: true,
    stdio: ["ignore", log, log],
    env: { ...process.env, ...options.env, NODE_ENV: "production" },
  });
  fs.closeSync(log);
  const pid = child.pid ?? -1;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => killGroup(pid, "SIGKILL");
  process.on("exit", killOnExit);
  const stop = async () => {
    killGroup(pid, "SIGTERM");
    const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
    killGroup(pid, "SIGKILL");
    process.off("exit", killOnExit);
  };
  for (
    let waited = 0;
    !fs.readFileSync(options.logFile, "utf8").includes("workers: running");
    waited += 100
  ) {
    if (child.exitCode !== null || waited > 60_000) {
      await stop();
      throw new Error(`the worker process did not start:\n${tail(options.logFile, 20)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { pid, logFile: options.logFile, stop };
}

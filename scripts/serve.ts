// The one way the app is started: `npm run dev` (tsx scripts/serve.ts dev) and `npm start`
// (tsx scripts/serve.ts start). It validates the environment, opens the database (DATABASE_URL,
// or the embedded PostgreSQL under DATA_DIR, stopped again with the app), applies pending
// migrations, seeds what is missing, and then runs Next with DATABASE_URL pointing at it, inside
// scripts/next-server.ts (which tells route handlers the client's address). Beside it runs the
// Telegram bot (scripts/bot.ts) whenever there is a bot to be: the operator's TELEGRAM_BOT_TOKEN,
// or the Telegram emulator's (development, and the embedded demo under `npm start`).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { openDatabase } from "../lib/database-server";
import { disconnectDb } from "../lib/db";
import { DataDirBusyError, leaveSignalsToCaller } from "../lib/embedded-postgres";
import { DatabaseUserCannotEnterError } from "../lib/embedded-postgres-access";
import { EnvError, parseEnv } from "../lib/env";
import { DEV_ADMIN_PASSWORD, seedDatabase } from "../lib/seed";
import { installJobQueue } from "../lib/jobs/queue";
import { configureLogging, logger } from "../lib/log";
import { runMigrations } from "./run-migrations";
import { seedDemoPayments } from "./demo-payments";
import { startSandbox, type Sandbox } from "./sandbox";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const launcherLog = logger("launcher");
const mode = parseMode(process.argv[2]);
const dev = mode === "dev";
// Next reads NODE_ENV too; set it before .env files are loaded so the right ones are chosen.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? (dev ? "development" : "production") });
nextEnv.loadEnvConfig(ROOT, dev);
configureLogging();

try {
  await main();
} catch (error) {
  const known =
    error instanceof EnvError ||
    error instanceof DataDirBusyError ||
    error instanceof DatabaseUserCannotEnterError;
  // A configuration the operator must fix is said in plain words; anything else is a log line.
  if (known) console.error(`\n${error.message}\n`);
  else launcherLog.fatal({ err: error }, "the app could not start");
  process.exit(1);
}

async function main() {
  if (dev) process.env.AUTH_SECRET ||= devAuthSecret(process.env.DATA_DIR || ".data");
  const config = parseEnv();

  const database = await openDatabase();
  let sandbox: Sandbox | undefined;
  const stop = once(async () => {
    await sandbox?.close();
    await disconnectDb();
    await database.stop();
  });
  // From here the launcher owns SIGINT/SIGTERM/SIGHUP (the embedded database's own hook would stop
  // it at once, under the requests in flight): while starting, a signal stops what has started;
  // once the server runs, the server drains first and the database stops last (below).
  if (database.embedded) leaveSignalsToCaller();
  let stopAsked = false;
  let onStopSignal = (signal: NodeJS.Signals) =>
    void stop().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopAsked) return;
      stopAsked = true;
      onStopSignal(signal);
    });
  }
  try {
    launcherLog.info(database.embedded ? "database: embedded PostgreSQL" : "database: DATABASE_URL");
    await runMigrations(database.url);
    await installJobQueue(database.url);

    process.env.DATABASE_URL = database.url;
    const report = await seedDatabase({
      adminEmail: config.ADMIN_EMAIL,
      adminPassword: config.ADMIN_PASSWORD ?? (dev || database.embedded ? DEV_ADMIN_PASSWORD : undefined),
      demo: dev || database.embedded,
    });
    if (dev || database.embedded)
      report.push((await seedDemoPayments(database.url)) ?? "demo payments present");
    for (const line of report) launcherLog.info(`seed: ${line}`);
    await disconnectDb();
    // The emulators are for development and the demo: never when running on a real database.
    if (dev || database.embedded) sandbox = await startSandbox(config);
  } catch (error) {
    await stop();
    throw error;
  }

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...sandbox?.env,
    DATABASE_URL: database.url,
    AUTH_SECRET: config.AUTH_SECRET,
    PORT: String(config.PORT),
    // next-auth 4 builds its callback URLs from NEXTAUTH_URL.
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? config.APP_URL,
  };
  // Next runs inside our own HTTP server (scripts/next-server.ts), not the `next` CLI: only there
  // can the app learn the client's address. Node with tsx's loader, so no extra tsx process.
  const nodeArgs = [...(dev ? ["--enable-source-maps"] : []), "--import", import.meta.resolve("tsx")];
  const next = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "scripts", "next-server.ts"), mode], {
    stdio: "inherit",
    env: childEnv,
  });
  // The bot: for an operator's own TELEGRAM_BOT_TOKEN, or against the Telegram emulator when the
  // sandbox started one (development, and the embedded demo).
  const bot =
    config.TELEGRAM_BOT_TOKEN || sandbox?.env.TELEGRAM_BOT_TOKEN ? startBot(nodeArgs, childEnv) : undefined;
  // A stop asked for: the children drain (scripts/next-server.ts finishes what is in flight within
  // SHUTDOWN_TIMEOUT); one that outlives that by far is killed, so a stop always ends. The
  // database is stopped when the server has exited (below).
  onStopSignal = (signal) => {
    const forwarded = signal === "SIGINT" ? "SIGINT" : "SIGTERM";
    bot?.kill(forwarded);
    next.kill(forwarded);
    setTimeout(() => next.kill("SIGKILL"), (config.SHUTDOWN_TIMEOUT + 10) * 1000).unref();
  };
  next.once("exit", (code, signal) => {
    // Nobody asked it to stop: the server crashed or was killed. What is left (the bot, the
    // embedded database) is stopped and the launcher exits non-zero at once, so that a process
    // manager restarts the whole app rather than leaving half of it running.
    if (!stopAsked) {
      const reason = signal ? `killed by ${signal}` : `exit code ${code}`;
      launcherLog.fatal(
        { code, signal },
        `the Next.js server stopped on its own (${reason}); stopping the app`,
      );
    }
    const exitCode = stopAsked ? (code ?? 1) : code || 1;
    // The bot first: it confirms its last updates and closes its connections before the database stops.
    void stopChild(bot)
      .then(stop)
      .finally(() => process.exit(exitCode));
  });
}

/**
 * scripts/bot.ts as a child process: long polling until the app stops, or (TELEGRAM_WEBHOOK=true)
 * registering the webhook that the app's route answers, then exiting. A bot that fails is
 * reported and leaves the app running: payments and the dashboard do not depend on it.
 */
function startBot(nodeArgs: string[], env: NodeJS.ProcessEnv) {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined;
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "scripts", "bot.ts")], {
    stdio: "inherit",
    env,
  });
  child.once("exit", (code, signal) => {
    if (code !== 0 && !signal) launcherLog.error({ code }, "bot: stopped; the app goes on without it");
  });
  return child;
}

/** Asks a child to stop and waits for it, at most a few seconds. */
function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A session-signing secret for development, kept so sessions survive restarts. */
function devAuthSecret(dataDir: string): string {
  const file = path.resolve(ROOT, dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseMode(argument: string | undefined): "dev" | "start" {
  if (argument === "dev" || argument === "start") return argument;
  console.error("usage: tsx scripts/serve.ts <dev|start>");
  process.exit(1);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

import { isMainThread } from "node:worker_threads";
import { pino, type DestinationStream, type Logger } from "pino";
import { LOG_LEVELS } from "@/lib/env";

// The app's one logger: JSON lines (pino) to stdout, or appended to LOG_FILE, at LOG_LEVEL. The
// app runs in three contexts — the custom server under tsx, Next's bundled route handlers and
// server actions (pino stays external: it is on Next's built-in serverExternalPackages list), and
// the job workers' thread — and a bundle may instantiate this module twice: the logger lives on
// globalThis, so each thread has one destination and its lines never interleave with a second's.
//
// Nothing secret belongs in a log line; the redaction paths are the net under that rule, for a
// headers object or a provider's answer logged whole. A message string is never redacted, so
// secrets stay out of `msg`; tests/faults/secrets-in-logs.test.ts checks a whole suite's log.

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Field names whose value is censored wherever they appear, down to two levels of nesting. */
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "x-api-key",
  "stripe-signature",
  "x-telegram-bot-api-secret-token",
  "password",
  "passwordHash",
  "secret",
  "secretKey",
  "secret_token",
  "webhookSecret",
  "clientSecret",
  "privateKey",
  "token",
  "botToken",
  "accessToken",
  "refreshToken",
  "apiKey",
  "api_key",
  "signature",
  "sig",
];

const field = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`);

/** pino (fast-redact) paths: `password`, `*.password`, `*.*.password`, `headers["set-cookie"]`… */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const own = field(key);
  return [own.startsWith(".") ? key : own, `*${own}`, `*.*${own}`];
});

export const REDACTED = "[redacted]";

/** The level LOG_LEVEL names; an invalid value is reported by lib/env.ts at start-up, not here. */
export function logLevel(value: string | undefined): LogLevel {
  return LOG_LEVELS.find((level) => level === value?.trim().toLowerCase()) ?? "info";
}

export function createLogger(
  options: { level?: string; file?: string } = {},
  destination: DestinationStream = new Sink(options.file),
): Logger {
  return pino(
    {
      level: logLevel(options.level),
      // Operators read the level as a word and the time as ISO 8601; pid and hostname stay.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

/**
 * Where the lines go, opened at the first line: a process that loads its .env files after its
 * imports (scripts/serve.ts) still writes where they say (configureLogging).
 */
class Sink implements DestinationStream {
  private stream: DestinationStream | undefined;
  constructor(private file: string | undefined) {}

  write(line: string): void {
    (this.stream ??= openDestination(this.file)).write(line);
  }

  use(file: string | undefined): void {
    if (file === this.file) return;
    this.file = file;
    this.stream = undefined;
  }
}

function openDestination(file: string | undefined): DestinationStream {
  // A file: one write per line, appended (O_APPEND), so the lines of every process and thread
  // writing it stay whole, and none is lost to a process.exit().
  if (file) return pino.destination({ dest: file, append: true, mkdir: true, sync: true });
  // stdout: buffered on the main thread (pino flushes it at exit); a worker thread has no such
  // exit hook, so its lines are written as they come.
  return pino.destination({ fd: 1, sync: !isMainThread });
}

const GLOBAL_KEY = Symbol.for("billing-dashboard.log");
const shared = globalThis as typeof globalThis & {
  [GLOBAL_KEY]?: { root: Logger; sink: Sink; children: Map<string, Logger> };
};
shared[GLOBAL_KEY] ??= (() => {
  const sink = new Sink(process.env.LOG_FILE || undefined);
  return { root: createLogger({ level: process.env.LOG_LEVEL }, sink), sink, children: new Map() };
})();
const { root, sink, children } = shared[GLOBAL_KEY];

export const log: Logger = root;

/** The logger of one concern (`component` on every line); the same instance for every caller. */
export function logger(component: string): Logger {
  let child = children.get(component);
  if (!child) {
    child = root.child({ component });
    children.set(component, child);
  }
  return child;
}

/** Applies LOG_LEVEL and LOG_FILE again, for a process that has just loaded its .env files. */
export function configureLogging(source: Record<string, string | undefined> = process.env): void {
  root.level = logLevel(source.LOG_LEVEL);
  sink.use(source.LOG_FILE || undefined);
}

/** Milliseconds since `started` (a performance.now()), to one decimal: the `ms` of a log line. */
export function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

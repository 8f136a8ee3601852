import { logger } from "@/lib/log";

// pg-boss 10.4 completes and fails jobs without awaiting the promise (src/manager.js, in its
// worker loop), so when the database goes away mid-job (a restart, a failover) the rejection is
// unhandled, and Node ends the process: the workers of an app would die with the database instead
// of waiting for it (tests/faults/database-restart.test.ts). Such a job is expired and retried by
// pg-boss once the database is back, and applying is idempotent, so losing the database is
// survivable: it is logged and the workers go on. Any other unhandled rejection still ends the
// process, as Node does by default.

/** PostgreSQL's "connection exception" (08…) and "operator intervention" (57P…) classes. */
const LOST_DATABASE_CODES = /^(08|57P)/;
const LOST_CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH"]);
const LOST_CONNECTION_MESSAGES = [
  "Connection terminated",
  "Client has encountered a connection error",
  "terminating connection",
];

export function isLostDatabase(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const code = (reason as { code?: unknown }).code;
  if (typeof code === "string" && (LOST_DATABASE_CODES.test(code) || LOST_CONNECTION_ERRNOS.has(code)))
    return true;
  return LOST_CONNECTION_MESSAGES.some((message) => reason.message.includes(message));
}

/** Installs the rule above for this process (or worker thread). */
export function surviveLostDatabase(): void {
  process.on("unhandledRejection", (reason) => {
    if (!isLostDatabase(reason)) throw reason;
    logger("jobs").warn(
      { err: reason },
      "job queue: the database went away mid-job; the job will be retried",
    );
  });
}

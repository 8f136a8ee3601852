import { createHash } from "node:crypto";
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { logger } from "@/lib/log";

// Rate limits shared by every instance of the app: the counters live in PostgreSQL, in the
// "RateLimit" table that a migration creates (prisma/schema.prisma, model RateLimit), and are
// counted by rate-limiter-flexible's RateLimiterPostgres with one atomic
// `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING points, expire` per request, so parallel
// requests on any number of instances never let more than `points` through in a window.
//
// Checked in rate-limiter-flexible 11.4's lib/RateLimiterPostgres.js: every statement it runs
// (upsert, get, delete, clear-expired, create-table) names the table through
// `_getTableIdentifier()`, which double-quotes it, so the mixed-case "RateLimit" is found.

/** What one named limit allows, and what a failing store means for it. */
type LimitRule = {
  /** Requests allowed per window, per key. */
  points: number;
  /** The window, in seconds, starting at a key's first request. */
  durationSeconds: number;
  /**
   * When the database cannot count: "allow" lets the request through (fail open) and logs once
   * per outage; "throw" rejects with the store's error (fail closed, the caller answers 5xx).
   */
  whenStoreFails: "allow" | "throw";
};

/** Every limit of the app. Adding one is adding a line here. */
export const RATE_LIMITS = {
  // Rejected or unrecognised webhook deliveries, per client address. No provider sends rejected
  // deliveries in volume: these are forgeries, probes, or a provider whose secret is wrong (who
  // then retries with backoff, a few an hour per event). 30 a minute leaves room for a burst of
  // such retries to stay on record for diagnosis, while a flood from one address writes at most
  // 30 rows a minute to WebhookDelivery; the rest get 429 with Retry-After, and a provider
  // retries a 429 like any other failure, so nothing authentic is lost. Authentic deliveries
  // are never counted. Fails open: a database hiccup must never turn a provider's authentic
  // deliveries into 429s (and if the database is down, the delivery fails anyway).
  "webhook-rejected": { points: 30, durationSeconds: 60, whenStoreFails: "allow" },
  // The same from all addresses together: many addresses (a botnet, an IPv6 range) must not add
  // up to unbounded rows either. 600 a minute keeps the inbox's junk under ~1 GB a day even at
  // the cap, and the retention sweep deletes it after WEBHOOK_REJECTED_RETENTION_DAYS.
  "webhook-rejected-all": { points: 600, durationSeconds: 60, whenStoreFails: "allow" },
  // Telegram's limits for one bot (core.telegram.org/bots/faq): about 30 messages a second in all,
  // and no more than one a second to one chat. The notification workers take a point of both
  // before each message (lib/jobs/telegram-pacing.ts), on every instance alike. Fail open: a
  // database that cannot count cannot record the message either.
  "telegram-send": { points: 30, durationSeconds: 1, whenStoreFails: "allow" },
  "telegram-send-chat": { points: 1, durationSeconds: 1, whenStoreFails: "allow" },
  // Sign-in attempts per client address (an IPv6 client is its /64), taken before the password is
  // checked, next to the per-email lock (lib/auth/throttle.ts), which cannot see one address
  // trying one password on many emails. A successful sign-in gives its point back
  // (lib/auth/address-limits.ts), so what is counted is failures: an office or a mobile carrier's
  // NAT with hundreds of people signing in never gets near it, while 20 wrong passwords in a
  // minute from one address is a script, not someone who forgot theirs. The hourly cap holds a
  // patient sprayer to 100 guesses an hour, not 1,200. Fails open: the per-email lock still
  // stands, and a database that cannot count cannot check a password either.
  "sign-in-address": { points: 20, durationSeconds: 60, whenStoreFails: "allow" },
  "sign-in-address-hour": { points: 100, durationSeconds: 60 * 60, whenStoreFails: "allow" },
  // Accounts created per client address: each gets the free plan's allowance, so mass
  // registration is the abuse. A household or an office signing up together rarely makes more
  // than a few accounts in ten minutes, and the form says when to try again; a script gets 30 an
  // hour, not thousands. Every valid submission counts (an email already taken too: that is how
  // someone probes which emails have accounts). Fails open, like sign-in.
  "register-address": { points: 5, durationSeconds: 10 * 60, whenStoreFails: "allow" },
  // /api/v1 requests per API key, counted after the key is authenticated. The product's backend
  // calls once or twice per paid action (a charge, then completing it); one Telegram bot can send
  // about 30 messages a second, so 100 a second is above anything one real client does, while a
  // leaked key or a client stuck in a loop cannot keep the database busy for everyone. Fails
  // open: the request that follows needs the same database, and fails on its own if it is down.
  "api-key": { points: 6_000, durationSeconds: 60, whenStoreFails: "allow" },
  // /api/v1 requests whose key is missing, malformed, unknown or revoked, per client address.
  // Guessing a key is hopeless (256 random bits), so this is for the client stuck retrying with
  // a revoked key: after 60 refusals a minute it gets 429 with Retry-After, which clients back
  // off on, instead of 401s as fast as it can send.
  "api-key-failures": { points: 60, durationSeconds: 60, whenStoreFails: "allow" },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof RATE_LIMITS;

export type LimitAnswer =
  | { kind: "allowed"; remaining: number }
  /** retryAfterSeconds for a Retry-After header (at least 1); retryAfterMs to wait exactly. */
  | { kind: "limited"; retryAfterSeconds: number; retryAfterMs: number };

/** Rate limits counted on one PostgreSQL pool: what one app instance holds. */
export type RateLimits = {
  /** Counts one request for `key` under limit `name`. */
  limit(name: LimitName, key: string): Promise<LimitAnswer>;
  /**
   * Gives back one point `limit` took for `key` in the current window (an attempt that turned out
   * not to be abuse, such as a successful sign-in). Never below zero, never into a window that has
   * ended; a store that fails leaves the point taken.
   */
  refund(name: LimitName, key: string): Promise<void>;
  /** Stops the cleanup timer and closes the pool. */
  close(): Promise<void>;
};

const TABLE = "RateLimit";
/** The key column is varchar(255) and holds `<limit name>:<key>`. */
const KEY_COLUMN_LENGTH = 255;
/** Rows whose window ended over an hour ago are deleted this often (the library's rule). */
const CLEANUP_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Rate limits on a dedicated small pool of `connectionString` (not Prisma's: a flood of rejected
 * requests must not take the connections that authentic requests need). The app uses the shared
 * instance through `limit()`; tests create several to play several app instances.
 */
export function createRateLimits(connectionString: string): RateLimits {
  const pool = new pg.Pool({
    connectionString,
    max: 3,
    idleTimeoutMillis: 30_000,
    // A database that does not answer is a store failure within 2 s, not a hung request.
    connectionTimeoutMillis: 2_000,
    query_timeout: 2_000,
    allowExitOnIdle: true,
    application_name: "billing-rate-limit",
  });
  // An idle connection that breaks (database restart) emits "error" on the pool; unhandled, that
  // would end the process. Nothing to report: the pool drops it, the next query reconnects, and
  // a query that fails is reported below.
  pool.on("error", () => {});

  let storeFailing = false;
  function reportStoreFailure(error: unknown) {
    if (storeFailing) return;
    storeFailing = true;
    logger("rate-limit").error(
      { err: error },
      "rate limits: the database did not answer; limits that fail open allow requests until it does",
    );
  }
  function storeAnswered() {
    if (!storeFailing) return;
    storeFailing = false;
    logger("rate-limit").info("rate limits: the database answers again");
  }

  const limiters = new Map<LimitName, RateLimiterPostgres>();
  function limiterFor(name: LimitName): RateLimiterPostgres {
    let limiter = limiters.get(name);
    if (!limiter) {
      const rule: LimitRule = RATE_LIMITS[name];
      limiter = new RateLimiterPostgres({
        storeClient: pool,
        storeType: "pool",
        tableName: TABLE,
        tableCreated: true, // by the migration: no DDL at run time (the app's role may not have the right)
        clearExpiredByTimeout: false, // one cleanup timer per pool below, not one per limit
        keyPrefix: name,
        points: rule.points,
        duration: rule.durationSeconds,
        // Once a key is over its limit, this instance answers "limited" from memory until the
        // window ends, so a flood costs the database one query per window, not one per request.
        inMemoryBlockOnConsumed: rule.points + 1,
      });
      limiters.set(name, limiter);
    }
    return limiter;
  }

  const cleanup = setInterval(() => {
    pool.query(`DELETE FROM "${TABLE}" WHERE expire < $1`, [Date.now() - 60 * 60 * 1000]).catch(() => {
      // Not critical: the next run deletes them.
    });
  }, CLEANUP_INTERVAL_MS);
  cleanup.unref();

  return {
    async limit(name, key) {
      const rule: LimitRule = RATE_LIMITS[name];
      try {
        const res = await limiterFor(name).consume(storageKey(name, key));
        storeAnswered();
        return { kind: "allowed", remaining: res.remainingPoints };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return {
            kind: "limited",
            retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)),
            retryAfterMs: Math.max(1, error.msBeforeNext),
          };
        }
        if (rule.whenStoreFails === "throw") throw error;
        reportStoreFailure(error);
        // Uncounted: the whole allowance is what we can honestly say is left.
        return { kind: "allowed", remaining: rule.points };
      }
    },
    async refund(name, key) {
      // Not the library's reward(): on a window that has just ended it writes a negative count,
      // which would give the next window a point more than its rule.
      await pool
        .query(`UPDATE "${TABLE}" SET points = points - 1 WHERE key = $1 AND points > 0 AND expire > $2`, [
          `${name}:${storageKey(name, key)}`,
          Date.now(),
        ])
        .catch(reportStoreFailure);
    },
    async close() {
      clearInterval(cleanup);
      await pool.end();
    },
  };
}

/**
 * The key as stored after `<name>:`. Printable ASCII that fits the column is kept as it is
 * (readable when someone looks at the table); anything else (too long, control characters such
 * as NUL, which PostgreSQL refuses in text, non-ASCII) is replaced by its SHA-256, so no key can
 * make the store fail, and with it a limit that fails open.
 */
function storageKey(name: LimitName, key: string): string {
  const fits = name.length + 1 + key.length <= KEY_COLUMN_LENGTH;
  if (fits && /^[\x20-\x7e]*$/.test(key)) return key;
  return `sha256:${createHash("sha256").update(key, "utf8").digest("hex")}`;
}

// One instance per process (cached on globalThis so Next's dev reloads don't open a new pool
// each time), created on first use from DATABASE_URL, like lib/db.ts.
const globalForRateLimits = globalThis as unknown as { billingRateLimits?: RateLimits };

function shared(): RateLimits {
  if (!globalForRateLimits.billingRateLimits) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set; rate limits live in the database.");
    globalForRateLimits.billingRateLimits = createRateLimits(connectionString);
  }
  return globalForRateLimits.billingRateLimits;
}

/**
 * Counts one request for `key` (a client address, an email…) under the limit `name`: "allowed"
 * with the requests left in the window, or "limited" with the seconds until the window ends.
 */
export function limit(name: LimitName, key: string): Promise<LimitAnswer> {
  return shared().limit(name, key);
}

/** Gives back one point `limit(name, key)` took in the current window (see RateLimits.refund). */
export function refund(name: LimitName, key: string): Promise<void> {
  return shared().refund(name, key);
}

/** Closes the shared pool; for scripts and tests that must exit cleanly. */
export async function closeRateLimits(): Promise<void> {
  const instance = globalForRateLimits.billingRateLimits;
  globalForRateLimits.billingRateLimits = undefined;
  await instance?.close();
}

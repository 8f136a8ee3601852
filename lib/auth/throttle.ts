import { db } from "@/lib/db";

// Repeated failed sign-ins for one email are slowed down: after FREE_FAILURES failures within
// WINDOW, the account refuses attempts for a lock that doubles with each further failure (30 s,
// 1 min, 2 min … capped at 15 min). State lives in PostgreSQL, so every app instance agrees and a
// restart does not reset it; the counter update is one atomic statement, so parallel guesses
// cannot slip past it.

export const FREE_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

export async function getLockedUntil(key: string, now = new Date()): Promise<Date | null> {
  const row = await db.loginThrottle.findUnique({ where: { key } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Counts one failure and returns the lock it causes, if any. */
export async function recordFailedSignIn(key: string): Promise<Date | null> {
  const rows = await db.$queryRaw<{ lockedUntil: Date | null }[]>`
    WITH attempt AS (SELECT now() AS at)
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "lastFailureAt", "lockedUntil")
    SELECT ${key}, 1, at, NULL FROM attempt
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN t."lastFailureAt" < now() - make_interval(secs => ${WINDOW_SECONDS})
                        THEN 1 ELSE t."failures" + 1 END,
      "lastFailureAt" = now(),
      "lockedUntil" = CASE
        WHEN t."lastFailureAt" >= now() - make_interval(secs => ${WINDOW_SECONDS})
             AND t."failures" + 1 >= ${FREE_FAILURES}
        THEN now() + make_interval(secs => LEAST(
               ${BASE_LOCK_SECONDS} * power(2, t."failures" + 1 - ${FREE_FAILURES}), ${MAX_LOCK_SECONDS}))
        ELSE NULL END
    RETURNING "lockedUntil"`;
  return rows[0]?.lockedUntil ?? null;
}

export async function clearFailedSignIns(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

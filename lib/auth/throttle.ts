import { db } from "@/lib/db";

// Guessing passwords is slowed down per email: within WINDOW, at most FREE_ATTEMPTS sign-in
// attempts are checked; the next one locks the email for 30 s, doubling with each further lock
// (1 min, 2 min … capped at 15 min). An attempt is counted atomically *before* the password is
// checked, so parallel guesses cannot slip past the limit; a successful sign-in clears the count.
// State lives in PostgreSQL, so every app instance agrees and a restart resets nothing.
// (Someone who knows an email can delay its owner's sign-in for a few minutes; the cap keeps that
// short. One address trying a password on many emails is stopped per address before this:
// lib/auth/address-limits.ts. Rows that no longer count are deleted by the retention sweep.)

export const FREE_ATTEMPTS = 5;
const WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

/** Counts an attempt; returns false when the email is locked and the password must not be checked. */
export async function admitSignInAttempt(key: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ admitted: boolean }[]>`
    INSERT INTO "LoginThrottle" AS t ("key", "failures", "lastFailureAt", "lockedUntil")
    VALUES (${key}, 1, now(), NULL)
    ON CONFLICT ("key") DO UPDATE SET
      -- While locked, nothing changes: attempts are refused without being counted.
      "failures" = CASE
        WHEN t."lockedUntil" > now() THEN t."failures"
        WHEN t."lastFailureAt" < now() - make_interval(secs => ${WINDOW_SECONDS}) THEN 1
        ELSE t."failures" + 1 END,
      "lastFailureAt" = CASE WHEN t."lockedUntil" > now() THEN t."lastFailureAt" ELSE now() END,
      "lockedUntil" = CASE
        WHEN t."lockedUntil" > now() THEN t."lockedUntil"
        WHEN t."lastFailureAt" >= now() - make_interval(secs => ${WINDOW_SECONDS})
             AND t."failures" + 1 > ${FREE_ATTEMPTS}
        THEN now() + make_interval(secs => LEAST(
               ${BASE_LOCK_SECONDS} * power(2, t."failures" - ${FREE_ATTEMPTS}), ${MAX_LOCK_SECONDS}))
        ELSE NULL END
    RETURNING ("lockedUntil" IS NULL OR "lockedUntil" <= now()) AS admitted`;
  return row?.admitted ?? false;
}

export async function clearSignInAttempts(key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

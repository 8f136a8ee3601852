import { Prisma } from "@/lib/generated/prisma/client";
import { EXPIRY_GRACE_MS, reconcilePayment } from "@/lib/billing/payments/reconcile";
import { settleSubscription } from "@/lib/billing/subscriptions/periods";
import { sendRenewalReminders } from "@/lib/billing/subscriptions/reminders";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// The periodic sweeps (scheduled in lib/jobs/schedules.ts). Each claims a bounded batch of due
// rows with one conditional statement, so two workers never take the same row, writes nothing
// when nothing is due, and returns counts of what it did. Provider calls go through
// reconcilePayment(), the one reconcile path, each bounded in time.

/** Rows a run claims at most; the rest wait for the next run. */
const BATCH = 100;
/** Provider calls in flight at once. */
const CONCURRENCY = 4;
/** How long a sweep waits for one provider answer (Stripe's SDK retries inside its 10 s timeouts). */
const CALL_BUDGET_MS = 10_000;
/** An overdue invoice the provider did not answer for is asked again this soon. */
const EXPIRY_RETRY_MINUTES = 1;
const RETENTION_BATCH = 500;
const RETENTION_MAX_BATCHES = 20;

export interface CheckCounts {
  /** Claimed and checked this run. */
  checked: number;
  /** Moved by the provider's answer (or expired). */
  applied: number;
  /** The provider's answer changed nothing (still open), or another check had just run. */
  unchanged: number;
  /** The provider failed or did not answer in time (or applying its answer failed): asked again later. */
  failed: number;
}

/**
 * Open payments whose notification is late: not moved for RECONCILE_AFTER seconds and due by
 * their backoff. Each claim pushes nextCheckAt by 1, 2, 4 … minutes (at most an hour), but never
 * past the moment a pending invoice becomes overdue, when the expiry sweep takes it over.
 */
export async function sweepReconcile(options: { now?: Date; limit?: number } = {}): Promise<CheckCounts> {
  const now = options.now ?? new Date();
  const lateBefore = new Date(now.getTime() - env().RECONCILE_AFTER * 1000);
  const overdueBefore = new Date(now.getTime() - EXPIRY_GRACE_MS);
  const backoff = Prisma.sql`${now}::timestamp + LEAST(power(2, LEAST(p.checks, 6)), 60) * interval '1 minute'`;
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Payment" p
    SET checks = p.checks + 1,
        "nextCheckAt" = CASE
          WHEN p.status = 'pending' AND p."expiresAt" IS NOT NULL
            THEN LEAST(${backoff}, p."expiresAt" + ${EXPIRY_GRACE_MS}::int * interval '1 millisecond')
          ELSE ${backoff}
        END
    FROM (
      SELECT id FROM "Payment"
      WHERE status IN ('pending', 'partially_paid')
        AND "providerRef" IS NOT NULL
        AND "updatedAt" < ${lateBefore}
        AND ("nextCheckAt" IS NULL OR "nextCheckAt" <= ${now})
        AND NOT (status = 'pending' AND "expiresAt" IS NOT NULL AND "expiresAt" < ${overdueBefore})
      ORDER BY "nextCheckAt" ASC NULLS FIRST, "updatedAt" ASC
      LIMIT ${options.limit ?? BATCH}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE p.id = due.id
    RETURNING p.id`;
  return checkEach(
    claimed.map((row) => row.id),
    (id) => reconcilePayment(id, { now, budgetMs: CALL_BUDGET_MS }),
  );
}

/**
 * Pending invoices past their expiry and its grace, with nobody looking: asked once more (money
 * may have arrived at the last moment), expired when the provider still says pending or does not
 * know them. A provider that cannot answer is retried every minute, and after
 * EXPIRE_UNANSWERED_AFTER_MS (an hour past expiry) the invoice is expired without its word.
 */
export async function sweepExpiry(options: { now?: Date; limit?: number } = {}): Promise<CheckCounts> {
  const now = options.now ?? new Date();
  const overdueBefore = new Date(now.getTime() - EXPIRY_GRACE_MS);
  const claimed = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Payment" p
    SET checks = p.checks + 1,
        "nextCheckAt" = ${now}::timestamp + ${EXPIRY_RETRY_MINUTES}::int * interval '1 minute'
    FROM (
      SELECT id FROM "Payment"
      WHERE status = 'pending'
        AND "providerRef" IS NOT NULL
        AND "expiresAt" < ${overdueBefore}
        AND ("nextCheckAt" IS NULL OR "nextCheckAt" <= ${now})
      ORDER BY "expiresAt" ASC
      LIMIT ${options.limit ?? BATCH}
      FOR UPDATE SKIP LOCKED
    ) due
    WHERE p.id = due.id
    RETURNING p.id`;
  return checkEach(
    claimed.map((row) => row.id),
    (id) => reconcilePayment(id, { now, budgetMs: CALL_BUDGET_MS, expireUnanswered: true }),
  );
}

export interface RetentionCounts {
  deleted: number;
}

/**
 * Rejected, unverified webhook deliveries (forgeries, unrecognised calls stored as provider
 * "unknown") older than WEBHOOK_REJECTED_RETENTION_DAYS, deleted in batches of short statements.
 * Authentic deliveries are kept. A delivery an event refers to is never deleted (rejected ones
 * have none; the foreign key would only null the reference, so the guard is explicit).
 */
export async function sweepRejectedDeliveries(options: { now?: Date } = {}): Promise<RetentionCounts> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - env().WEBHOOK_REJECTED_RETENTION_DAYS * 86_400_000);
  return deleteInBatches(
    () => db.$executeRaw`
      DELETE FROM "WebhookDelivery"
      WHERE id IN (
        SELECT d.id FROM "WebhookDelivery" d
        WHERE d.outcome = 'rejected'
          AND d.verified = false
          AND d."receivedAt" < ${cutoff}
          AND NOT EXISTS (SELECT 1 FROM "PaymentEvent" e WHERE e."deliveryId" = d.id)
        ORDER BY d."receivedAt" ASC
        LIMIT ${RETENTION_BATCH}
        FOR UPDATE SKIP LOCKED
      )`,
  );
}

/**
 * Runs `deleteBatch` (a DELETE of at most RETENTION_BATCH rows) until a batch comes back short, at
 * most RETENTION_MAX_BATCHES times: short statements, so no lock is held long.
 */
async function deleteInBatches(deleteBatch: () => Promise<number>): Promise<RetentionCounts> {
  let deleted = 0;
  for (let batch = 0; batch < RETENTION_MAX_BATCHES; batch++) {
    const count = await deleteBatch();
    deleted += count;
    if (count < RETENTION_BATCH) break;
  }
  return { deleted };
}

/** A sign-in throttle row older than this, and not locked, no longer changes anything. */
const LOGIN_THROTTLE_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Per-email sign-in throttle rows (lib/auth/throttle.ts) whose last failure is over a day old and
 * that hold no lock: their 15-minute window has long ended, so the next attempt starts from 1
 * whether the row is there or not. Without this, every email ever tried (sprayed ones that have
 * no account too) would keep a row forever. Deleted in batches of short statements.
 */
export async function sweepLoginThrottles(options: { now?: Date } = {}): Promise<RetentionCounts> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - LOGIN_THROTTLE_RETENTION_MS);
  return deleteInBatches(
    () => db.$executeRaw`
      DELETE FROM "LoginThrottle"
      WHERE key IN (
        SELECT key FROM "LoginThrottle"
        WHERE "lastFailureAt" < ${cutoff}
          AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
        LIMIT ${RETENTION_BATCH}
        FOR UPDATE SKIP LOCKED
      )`,
  );
}

/** Runs `check` for each claimed payment, a few at a time, and counts the outcomes. */
async function checkEach(
  ids: string[],
  check: (id: string) => Promise<{ outcome: string } | null>,
): Promise<CheckCounts> {
  const counts: CheckCounts = { checked: ids.length, applied: 0, unchanged: 0, failed: 0 };
  let next = 0;
  const lane = async () => {
    for (let id = ids[next++]; id !== undefined; id = ids[next++]) {
      try {
        const result = await check(id);
        counts[result?.outcome === "applied" ? "applied" : "unchanged"] += 1;
      } catch {
        counts.failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, lane));
  return counts;
}

const SUBSCRIPTION_BATCH = 200;

/**
 * Subscriptions whose paid period has ended (rolled over to the scheduled plan, or back to free)
 * or whose monthly usage is due to reset, settled each under its row lock by the same rules the
 * apply path uses. Pages never write this: until the sweep has run, they apply the rules in memory.
 */
export async function sweepSubscriptions(options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const due = await db.subscription.findMany({
    where: { OR: [{ currentPeriodEnd: { lte: now } }, { usageResetsAt: { lte: now } }] },
    select: { userId: true },
    take: SUBSCRIPTION_BATCH,
  });
  for (const { userId } of due) await settleSubscription(userId, now);
  const reminders = await sendRenewalReminders(now);
  return { settled: due.length, ...reminders };
}

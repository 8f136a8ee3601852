import { settleSubscription } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { countQuotaCheck } from "@/lib/metrics/record";

// Counting requests against the plan's monthly quota (the CryptoCloud guide's requests_used /
// requests_limit). One conditional UPDATE: the count moves only if it stays within the limit, so
// concurrent callers can never push it over, and a refused call counts nothing. A month that
// has ended is settled first (the sweep does it within a minute; this is for the minute between).

export interface Quota {
  used: number;
  limit: number;
  resetsAt: Date;
}

export type UsageResult =
  { kind: "counted"; quota: Quota } | { kind: "over"; quota: Quota } | { kind: "no_subscription" };

export async function countRequests(
  userId: string,
  requests: number,
  now = new Date(),
): Promise<UsageResult> {
  const result = await countWithinQuota(userId, requests, now);
  countQuotaCheck(result.kind === "over" ? "over_quota" : result.kind);
  return result;
}

async function countWithinQuota(userId: string, requests: number, now: Date): Promise<UsageResult> {
  if (!Number.isSafeInteger(requests) || requests < 0)
    throw new RangeError("requests must be a whole number ≥ 0");
  for (let attempt = 0; attempt < 2; attempt++) {
    const [counted] = await db.$queryRaw<{ used: number; limit: number; resetsAt: Date }[]>`
      UPDATE "Subscription" SET "requestsUsed" = "requestsUsed" + ${requests}::int, "updatedAt" = ${now}::timestamp
      WHERE "userId" = ${userId} AND "usageResetsAt" > ${now}::timestamp
        AND "requestsUsed" + ${requests}::int <= "requestsLimit"
      RETURNING "requestsUsed" AS used, "requestsLimit" AS "limit", "usageResetsAt" AS "resetsAt"`;
    if (counted) return { kind: "counted", quota: counted };
    const current = await db.subscription.findUnique({
      where: { userId },
      select: { requestsUsed: true, requestsLimit: true, usageResetsAt: true },
    });
    if (!current) return { kind: "no_subscription" };
    if (current.usageResetsAt > now) {
      return {
        kind: "over",
        quota: { used: current.requestsUsed, limit: current.requestsLimit, resetsAt: current.usageResetsAt },
      };
    }
    await settleSubscription(userId, now); // the month is over: reset it, then count again
  }
  throw new Error("the quota month did not reset");
}

/** The quota as it stands (for the customer's answer). */
export async function getQuota(userId: string): Promise<Quota | null> {
  const sub = await db.subscription.findUnique({
    where: { userId },
    select: { requestsUsed: true, requestsLimit: true, usageResetsAt: true },
  });
  return sub ? { used: sub.requestsUsed, limit: sub.requestsLimit, resetsAt: sub.usageResetsAt } : null;
}

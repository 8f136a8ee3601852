import { queueTelegramNotification } from "@/lib/billing/notifications";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";

// What a customer is told about the end of their paid time, in Telegram when a chat is linked:
// a reminder RENEWAL_REMINDER_DAYS before it ends, with a renew link, and a notice when it has
// ended. Each is sent once per end: the reminder sweep claims a subscription by writing the end
// it reminded of (a conditional update, so two workers never both take it), and every message has
// a dedupe key naming the subscription and the end, so "once" holds in the database even if the
// claim were repeated. The messages are worded when they are sent, in the customer's language
// then (lib/notifications/render.ts); here they are the plan and the date.

const REMINDER_BATCH = 200;

export interface ReminderCounts {
  /** Subscriptions whose coming end was claimed this run. */
  reminded: number;
  /** Of those, the ones with a Telegram chat to tell. */
  queued: number;
}

/**
 * Paid time that ends within RENEWAL_REMINDER_DAYS and is not followed by more paid time (a
 * scheduled lower plan is reminded of when it is the last), not cancelled (the customer chose
 * that end) and not yet reminded of for this end.
 */
export async function sendRenewalReminders(now = new Date()): Promise<ReminderCounts> {
  const horizon = new Date(now.getTime() + env().RENEWAL_REMINDER_DAYS * 86_400_000);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<
      { id: string; end: Date; plan: string; chatId: string | null; userId: string }[]
    >`
      UPDATE "Subscription" s SET "reminderSentFor" = s."currentPeriodEnd"
      FROM (
        SELECT id FROM "Subscription"
        WHERE "currentPeriodEnd" > ${now} AND "currentPeriodEnd" <= ${horizon}
          AND "scheduledPlanId" IS NULL
          AND NOT "cancelAtPeriodEnd"
          AND "reminderSentFor" IS DISTINCT FROM "currentPeriodEnd"
        ORDER BY "currentPeriodEnd"
        LIMIT ${REMINDER_BATCH}
        FOR UPDATE SKIP LOCKED
      ) due, "Plan" p, "User" u
      WHERE s.id = due.id AND p.id = s."planId" AND u.id = s."userId"
      RETURNING s.id, s."currentPeriodEnd" AS "end", p.name AS plan, u."telegramChatId" AS "chatId", u.id AS "userId"`;
    let queued = 0;
    for (const row of claimed) {
      if (!row.chatId) continue;
      await queueTelegramNotification(tx, {
        dedupeKey: `subscription:${row.id}:reminder:${row.end.toISOString()}`,
        chatId: row.chatId,
        kind: "renewal_reminder",
        params: { plan: row.plan, endsOn: row.end.toISOString() },
        userId: row.userId,
      });
      queued += 1;
    }
    return { reminded: claimed.length, queued };
  });
}

/** Tells the customer (in `tx`, with the roll-over that ended it) that their paid time is over. */
export async function queueEndedNotice(
  tx: Tx,
  subscription: { id: string; userId: string },
  ended: { plan: string; freePlan: string; at: Date },
): Promise<void> {
  const user = await tx.user.findUnique({
    where: { id: subscription.userId },
    select: { telegramChatId: true },
  });
  if (!user?.telegramChatId) return;
  await queueTelegramNotification(tx, {
    dedupeKey: `subscription:${subscription.id}:ended:${ended.at.toISOString()}`,
    chatId: user.telegramChatId,
    kind: "plan_ended",
    params: { plan: ended.plan, freePlan: ended.freePlan, endedOn: ended.at.toISOString() },
    userId: subscription.userId,
  });
}

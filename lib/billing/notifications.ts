import { enqueue, QUEUES } from "@/lib/jobs/queue";
import type { Tx } from "@/lib/db";

// Customer notifications are an outbox: a Notification row and its job are written in the
// transaction that caused them. The row's unique dedupeKey ("payment:<id>:invite") makes
// "notify once" a database fact, however many times a webhook is delivered or replayed.

export interface NotificationRequest {
  dedupeKey: string;
  chatId: string;
  kind:
    | "invite_link"
    | "plan_activated"
    | "topup_credited"
    | "payment_failed"
    | "renewal_reminder"
    | "plan_ended";
  text: string;
  userId?: string | null;
  paymentId?: string | null;
}

/** Queues a Telegram message in `tx`; returns false when that message was already queued. */
export async function queueTelegramNotification(tx: Tx, request: NotificationRequest): Promise<boolean> {
  // ON CONFLICT DO NOTHING rather than catching a unique violation: an error would abort the
  // whole transaction, taking the payment's state change with it.
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Notification" ("id", "dedupeKey", "chatId", "kind", "text", "userId", "paymentId", "updatedAt")
    VALUES (gen_random_uuid()::text, ${request.dedupeKey}, ${request.chatId}, ${request.kind}, ${request.text},
            ${request.userId ?? null}, ${request.paymentId ?? null}, now())
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  const row = inserted[0];
  if (!row) return false;
  await enqueue(tx, QUEUES.telegram, { notificationId: row.id });
  return true;
}

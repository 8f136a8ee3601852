import { enqueue, QUEUES } from "@/lib/jobs/queue";
import type { Tx } from "@/lib/db";
import type { TelegramNotice } from "@/lib/notifications/render";

// Customer notifications are an outbox: a Notification row and its job are written in the
// transaction that caused them. The row's unique dedupeKey ("payment:<id>:invite") makes
// "notify once" a database fact, however many times a webhook is delivered or replayed.
// A notification holds its kind and the values it names, not words: the sender renders it in
// the recipient's language when it goes out (lib/notifications/render.ts).

export type NotificationRequest = TelegramNotice & {
  dedupeKey: string;
  chatId: string;
  userId?: string | null;
  paymentId?: string | null;
};

/** Queues a Telegram message in `tx`; returns false when that message was already queued. */
export async function queueTelegramNotification(tx: Tx, request: NotificationRequest): Promise<boolean> {
  // ON CONFLICT DO NOTHING rather than catching a unique violation: an error would abort the
  // whole transaction, taking the payment's state change with it.
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Notification" ("id", "dedupeKey", "chatId", "kind", "params", "text", "userId", "paymentId", "updatedAt")
    VALUES (gen_random_uuid()::text, ${request.dedupeKey}, ${request.chatId}, ${request.kind},
            ${JSON.stringify(request.params)}::jsonb, ${request.text ?? null}::text,
            ${request.userId ?? null}, ${request.paymentId ?? null}, now())
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  const row = inserted[0];
  if (!row) return false;
  await enqueue(tx, QUEUES.telegram, { notificationId: row.id });
  return true;
}

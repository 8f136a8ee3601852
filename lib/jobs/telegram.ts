import type PgBoss from "pg-boss";
import { db } from "@/lib/db";
import { QUEUES } from "@/lib/jobs/queue";
import { sendTelegramMessage } from "@/lib/notifications/telegram-api";

// Delivers one queued Notification to Telegram and records the attempt, whatever happens, so an
// admin can see every try:
// - 200 → sent (once: a notification that is no longer queued is skipped);
// - 429 → a new job after Telegram's `retry_after`, this one completes (no retry storm);
// - 403 / other 4xx → failed for good (the user blocked the bot, the chat doesn't exist);
// - network error / 5xx → thrown, so pg-boss retries with exponential backoff.

export type DeliveryResult = "sent" | "skipped" | "rescheduled" | "failed";

export class TemporaryDeliveryError extends Error {
  override name = "TemporaryDeliveryError";
}

export async function deliverNotification(boss: PgBoss, notificationId: string): Promise<DeliveryResult> {
  const notification = await db.notification.findUnique({ where: { id: notificationId } });
  if (!notification || notification.status !== "queued") return "skipped";

  const result = await sendTelegramMessage(notification.chatId, notification.text);
  await db.notificationAttempt.create({
    data: {
      notificationId,
      ok: result.ok,
      httpStatus: result.ok ? 200 : result.status,
      error: result.ok ? null : result.description,
      retryAfterSeconds: !result.ok && result.kind === "rate-limited" ? result.retryAfter : null,
    },
  });

  if (result.ok) {
    await db.notification.updateMany({
      where: { id: notificationId, status: "queued" },
      data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
    return "sent";
  }
  await db.notification.update({
    where: { id: notificationId },
    data: {
      attempts: { increment: 1 },
      lastError: result.description,
      ...(result.kind === "permanent" ? { status: "failed" as const } : {}),
    },
  });
  if (result.kind === "permanent") return "failed";
  if (result.kind === "rate-limited") {
    await boss.send(
      QUEUES.telegram,
      { notificationId },
      { startAfter: result.retryAfter, singletonKey: `${notificationId}:${notification.attempts + 1}` },
    );
    return "rescheduled";
  }
  throw new TemporaryDeliveryError(result.description || "Telegram is temporarily unavailable");
}

import { db, type Tx } from "@/lib/db";
import { isLocale } from "@/lib/i18n/locales";
import { localeOrDefault } from "@/lib/i18n/translator";
import { enqueue, QUEUES } from "@/lib/jobs/queue";
import { waitForTelegramSlot } from "@/lib/jobs/telegram-pacing";
import { NoticeRenderError, renderNotice } from "@/lib/notifications/render";
import { sendTelegramMessage } from "@/lib/notifications/telegram-api";
import { chooseLocale } from "@/lib/telegram/bot/locale";

// Delivers one queued Notification to Telegram and records the attempt, whatever happens, so an
// admin can see every try:
// - 200 → sent;
// - 429 → a new job after Telegram's `retry_after`, this one completes (no retry storm);
// - 403 / other 4xx → failed for good (the user blocked the bot, the chat doesn't exist);
// - network error / 5xx → TemporaryDeliveryError, so pg-boss retries with exponential backoff;
//   on the queue's last try → failed, so nothing stays "queued" forever.
//
// The delivery holds the notification's row lock from the check to the recorded outcome. Two jobs
// for one notification (a pg-boss retry racing a rescheduled 429, two workers) are therefore
// single-file: the second waits, then finds it no longer queued. A crash mid-send rolls the lock
// back and the retry sends again: at least once, never twice while the process lives.
//
// The message is worded here, at the moment it is sent, in the recipient's language as it is
// then (User.locale, else DEFAULT_LOCALE): a customer who switched language after it was queued
// reads it in the new one. A notification that cannot be worded (an unknown kind, unreadable
// params) fails at once: trying again cannot help.

export type DeliveryResult = "sent" | "skipped" | "rescheduled" | "failed";

export class TemporaryDeliveryError extends Error {
  override name = "TemporaryDeliveryError";
}

/** Longer than the Telegram call's own 10 s timeout plus the queries around it. */
const DELIVERY_TRANSACTION_MS = 20_000;

export async function deliverNotification(
  notificationId: string,
  options: { lastTry: boolean } = { lastTry: false },
): Promise<DeliveryResult> {
  const queued = await db.notification.findUnique({
    where: { id: notificationId },
    select: { status: true, chatId: true },
  });
  if (queued?.status !== "queued") return "skipped";
  // Within Telegram's limits (30 a second, one a second per chat) before taking the row lock.
  await waitForTelegramSlot(queued.chatId);
  const outcome = await db.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status FROM "Notification" WHERE id = ${notificationId} FOR UPDATE`;
      if (locked?.status !== "queued") return { result: "skipped" as const };
      const notification = await tx.notification.findUniqueOrThrow({
        where: { id: notificationId },
        include: { payment: { select: { status: true } }, user: { select: { locale: true } } },
      });
      if (notification.payment?.status === "refunded") {
        // Refunded before we got to it: an invite or a "plan active" message would be false now.
        await tx.notification.update({
          where: { id: notificationId },
          data: { status: "failed", lastError: "not sent: the payment was refunded first" },
        });
        return { result: "failed" as const };
      }

      let text: string;
      try {
        text = renderNotice(notification, await recipientLocale(tx, notification));
      } catch (error) {
        if (!(error instanceof NoticeRenderError)) throw error;
        await tx.notification.update({
          where: { id: notificationId },
          data: { status: "failed", lastError: `not sent: ${error.message}` },
        });
        return { result: "failed" as const };
      }

      const answer = await sendTelegramMessage(notification.chatId, text);
      await tx.notificationAttempt.create({
        data: {
          notificationId,
          ok: answer.ok,
          httpStatus: answer.ok ? 200 : answer.status,
          error: answer.ok ? null : answer.description,
          retryAfterSeconds: !answer.ok && answer.kind === "rate-limited" ? answer.retryAfter : null,
        },
      });
      if (answer.ok) {
        await tx.notification.update({
          where: { id: notificationId },
          data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
        });
        return { result: "sent" as const };
      }
      const givesUp = answer.kind === "permanent" || (answer.kind === "temporary" && options.lastTry);
      await tx.notification.update({
        where: { id: notificationId },
        data: {
          attempts: { increment: 1 },
          lastError: answer.description,
          ...(givesUp ? { status: "failed" as const } : {}),
        },
      });
      if (givesUp) return { result: "failed" as const };
      if (answer.kind === "rate-limited") {
        // In the same transaction: the follow-up job exists exactly when this attempt is recorded.
        await enqueue(
          tx,
          QUEUES.telegram,
          { notificationId },
          { startAfter: answer.retryAfter, singletonKey: `${notificationId}:${notification.attempts + 1}` },
        );
        return { result: "rescheduled" as const };
      }
      return { result: "retry" as const, error: answer.description };
    },
    { timeout: DELIVERY_TRANSACTION_MS, maxWait: DELIVERY_TRANSACTION_MS },
  );
  // Thrown after the commit, so the attempt stays recorded while pg-boss schedules the retry.
  if (outcome.result === "retry") {
    throw new TemporaryDeliveryError(outcome.error || "Telegram is temporarily unavailable");
  }
  return outcome.result;
}

/**
 * The language to word a notification in: its customer's choice; for a chat with no account of
 * its own on the notification (a product bought from a bot link), the choice of the account
 * that linked the chat, if any; else the language of the chat's Telegram app as the bot last saw
 * it (what the bot speaks with them); else DEFAULT_LOCALE. Text sent as written needs none.
 */
async function recipientLocale(
  tx: Tx,
  notification: {
    userId: string | null;
    chatId: string;
    text: string | null;
    user: { locale: string | null } | null;
  },
) {
  if (notification.text !== null) return localeOrDefault(notification.user?.locale);
  const chosen = notification.user
    ? notification.user.locale
    : (
        await tx.user.findFirst({
          where: { telegramChatId: notification.chatId, locale: { not: null } },
          orderBy: { updatedAt: "desc" },
          select: { locale: true },
        })
      )?.locale;
  if (isLocale(chosen)) return chosen;
  const chat = await tx.telegramChat.findUnique({ where: { chatId: notification.chatId } });
  return chooseLocale(null, chat?.languageCode);
}

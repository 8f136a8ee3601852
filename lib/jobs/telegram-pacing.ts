import { limit } from "@/lib/rate-limit";

// The notification workers send in parallel (lib/jobs/workers.ts), paced to Telegram's limits:
// before each message a point of "telegram-send" (30 a second for the bot) and then of
// "telegram-send-chat" (one a second for the chat), both counted in PostgreSQL, so any number of
// workers on any number of instances stay within them together. Waiting is bounded by the
// limits' one-second windows; a message whose chat is busy waits its turn instead of failing.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `chatId` may be sent a message now. */
export async function waitForTelegramSlot(chatId: string): Promise<void> {
  for (;;) {
    const bot = await limit("telegram-send", "bot");
    if (bot.kind === "limited") {
      await sleep(bot.retryAfterMs);
      continue;
    }
    const chat = await limit("telegram-send-chat", chatId);
    if (chat.kind === "allowed") return;
    await sleep(chat.retryAfterMs);
  }
}

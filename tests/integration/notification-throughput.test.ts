import { afterAll, beforeAll, expect, it } from "vitest";
import { queueTelegramNotification, type NotificationRequest } from "@/lib/billing/notifications";
import { db } from "@/lib/db";
import { startWorkers } from "@/lib/jobs/workers";
import { startTelegramEmulator, type TelegramEmulator } from "@/sandbox/telegram/emulator";

// The notification workers' pace, against the Telegram emulator over HTTP: many messages go out in
// parallel, within Telegram's limits (about 30 a second for a bot, one a second per chat).

const TOKEN = "654321:throughput-bot-token";
let telegram: TelegramEmulator;

beforeAll(async () => {
  telegram = await startTelegramEmulator({ token: TOKEN });
  Object.assign(process.env, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_BASE: telegram.url });
});
afterAll(async () => {
  await telegram.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Queues one "top-up credited" message to `chatId` (no account: worded in DEFAULT_LOCALE). */
function notice(chatId: string, n: number): NotificationRequest {
  return {
    dedupeKey: `throughput:${chatId}:${n}`,
    chatId,
    kind: "topup_credited",
    params: { amount: 10_000 * n, balance: 10_000 * n, currency: "RUB" },
  };
}

it("delivers 300 queued messages to 300 chats within 15 s, none twice, at most 30 a second", async () => {
  const chats = Array.from({ length: 300 }, (_, i) => String(5_000_000 + i));
  // Three more to one chat: they must leave at least a second apart.
  const busy = "5999999";
  await db.$transaction(
    async (tx) => {
      for (const chatId of chats) await queueTelegramNotification(tx, notice(chatId, 1));
      for (const n of [1, 2, 3]) await queueTelegramNotification(tx, notice(busy, n));
    },
    { timeout: 60_000 },
  );

  const started = Date.now();
  const workers = await startWorkers(process.env.DATABASE_URL!, { pollingIntervalSeconds: 0.5 });
  try {
    while (telegram.messages.length < 303 && Date.now() - started < 30_000) await sleep(100);
  } finally {
    await workers.stop();
  }
  const elapsedMs = Date.now() - started;

  const toChats = telegram.messages.filter((m) => m.chatId !== busy);
  expect(toChats.map((m) => m.chatId).sort()).toEqual(chats); // each chat once, none twice
  expect(elapsedMs).toBeLessThanOrEqual(15_000);
  expect(await db.notification.count({ where: { status: "sent" } })).toBe(303);

  // Never more than ~30 in any one second (the limit's windows are a second long and fixed, so
  // two windows can meet inside one sliding second: at most 60 there, never a burst of all).
  const times = telegram.messages.map((m) => m.at.getTime()).sort((a, b) => a - b);
  const busiest = Math.max(...times.map((t, i) => times.filter((u, j) => j >= i && u < t + 1000).length));
  expect(busiest).toBeLessThanOrEqual(60);
  // The whole batch needed at least ten of the one-second windows.
  expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(9_000);

  // One chat: a second between its messages (less the HTTP round trip's jitter).
  const toBusy = telegram.messages
    .filter((m) => m.chatId === busy)
    .map((m) => m.at.getTime())
    .sort((a, b) => a - b);
  expect(toBusy).toHaveLength(3);
  for (let i = 1; i < toBusy.length; i++) expect(toBusy[i]! - toBusy[i - 1]!).toBeGreaterThanOrEqual(900);
}, 60_000);

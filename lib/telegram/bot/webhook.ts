import { createHash, timingSafeEqual } from "node:crypto";
import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import { env } from "@/lib/env";
import type { BotContext } from "./context";
import { createBot, reportBotError } from "./create-bot";

// Updates posted by Telegram when TELEGRAM_WEBHOOK=true (`npm run bot` registers the webhook with
// TELEGRAM_WEBHOOK_SECRET as its secret_token). Telegram proves itself only by echoing that
// secret in X-Telegram-Bot-Api-Secret-Token: it is compared in constant time, and anything
// without it is answered 401 and dropped, logged nowhere (the header would be a secret in a log).

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Telegram's updates are small; a larger body is not one of them. */
const MAX_UPDATE_BYTES = 1024 * 1024;

/** Both sides hashed first, so the comparison takes the same time whatever the lengths. */
export function secretMatches(given: string | null, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return given !== null && timingSafeEqual(digest(given), digest(expected));
}

const globalForBot = globalThis as unknown as {
  telegramWebhookBot?: { key: string; bot: Promise<Bot<BotContext>> };
};

/** One bot per process (and per token and API base, which tests change), initialised once. */
function webhookBot(token: string, apiRoot: string): Promise<Bot<BotContext>> {
  const key = createHash("sha256").update(`${apiRoot}\n${token}`).digest("hex");
  if (globalForBot.telegramWebhookBot?.key !== key) {
    const bot = createBot({ token, apiRoot });
    const ready = bot.init().then(() => bot);
    ready.catch(() => {
      // getMe failed (Telegram unreachable): the next update tries again.
      if (globalForBot.telegramWebhookBot?.bot === ready) globalForBot.telegramWebhookBot = undefined;
    });
    globalForBot.telegramWebhookBot = { key, bot: ready };
  }
  return globalForBot.telegramWebhookBot.bot;
}

export async function handleTelegramWebhook(request: Request): Promise<Response> {
  const config = env();
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  if (!config.TELEGRAM_WEBHOOK || !secret || !secretMatches(request.headers.get(SECRET_HEADER), secret)) {
    return new Response(null, { status: 401 });
  }
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return new Response(null, { status: 503 });
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_UPDATE_BYTES) return new Response(null, { status: 413 });
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_UPDATE_BYTES) return new Response(null, { status: 413 });
  let update: Update;
  try {
    update = JSON.parse(text) as Update;
  } catch {
    return new Response(null, { status: 400 });
  }
  if (typeof update !== "object" || update === null || !Number.isSafeInteger(update.update_id)) {
    return new Response(null, { status: 400 });
  }
  const bot = await webhookBot(token, config.TELEGRAM_API_BASE);
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    if (!(error instanceof BotError)) throw error;
    // Reported (and the user told) like long polling does; a 2xx tells Telegram not to resend it.
    await reportBotError(error as BotError<BotContext>);
  }
  return new Response(null, { status: 200 });
}

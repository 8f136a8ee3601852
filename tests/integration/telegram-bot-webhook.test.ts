import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/telegram/webhook/route";
import { db } from "@/lib/db";
import { EnvError, parseEnv } from "@/lib/env";
import { SECRET_HEADER, secretMatches } from "@/lib/telegram/bot/webhook";
import { BOT_TOKEN, WEBHOOK_SECRET, withTelegramBot } from "./telegram-bot-harness";

// The bot behind the app's webhook route (TELEGRAM_WEBHOOK=true): the emulator posts every update
// to /api/telegram/webhook with the secret_token it was given, at once and in parallel as
// Telegram does, and the route hands them to the same bot code as long polling.

const bot = withTelegramBot("webhook");

const update = (updateId: number, chatId: string, text: string) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: Math.floor(Date.now() / 1000),
    chat: { id: Number(chatId), type: "private", first_name: "Mallory" },
    from: { id: Number(chatId), is_bot: false, first_name: "Mallory", language_code: "en" },
    text,
    entities: [{ type: "bot_command", offset: 0, length: text.length }],
  },
});
const post = (body: unknown, headers: Record<string, string>) =>
  POST(
    new Request("http://127.0.0.1/api/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  );

describe("the webhook route", () => {
  it("refuses a missing, wrong or differently sized secret with 401 and handles nothing", async () => {
    const chatId = "990001";
    const attempts: Record<string, string>[] = [
      {},
      { [SECRET_HEADER]: "wrong" },
      { [SECRET_HEADER]: `${WEBHOOK_SECRET}x` },
      { [SECRET_HEADER]: WEBHOOK_SECRET.toUpperCase() },
    ];
    for (const headers of attempts) {
      const response = await post(update(1, chatId, "/start"), headers);
      expect(response.status).toBe(401);
      expect(await response.text()).toBe("");
    }
    expect(bot.tg().messages.filter((m) => m.chatId === chatId)).toEqual([]);
    expect(await db.user.count({ where: { telegramChatId: chatId } })).toBe(0);
  });

  it("refuses updates while the webhook is switched off, whatever the secret", async () => {
    process.env.TELEGRAM_WEBHOOK = "false";
    try {
      expect((await post(update(2, "990002", "/start"), { [SECRET_HEADER]: WEBHOOK_SECRET })).status).toBe(
        401,
      );
    } finally {
      process.env.TELEGRAM_WEBHOOK = "true";
    }
  });

  it("hands an update with the right secret to the bot, and refuses a body that is not an update", async () => {
    const chatId = "990003";
    const response = await post(update(3, chatId, "/help"), { [SECRET_HEADER]: WEBHOOK_SECRET });
    expect(response.status).toBe(200);
    expect(
      bot
        .tg()
        .messages.filter((m) => m.chatId === chatId)
        .map((m) => m.text),
    ).toEqual([expect.stringContaining("Here is what I can do") as unknown]);
    expect((await post({ hello: "world" }, { [SECRET_HEADER]: WEBHOOK_SECRET })).status).toBe(400);
  });

  it("is what the emulator posts to, and a webhook set with another secret gets nowhere", async () => {
    expect(bot.tg().webhook).toMatchObject({ url: bot.webhookUrl(), hasSecretToken: true });
    const chat = bot.chat();
    expect((await chat.send("/help"))[0]?.text).toContain("Here is what I can do");

    const set = (secret: string) =>
      fetch(`${bot.tg().url}/bot${BOT_TOKEN}/setWebhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: bot.webhookUrl(), secret_token: secret }),
      });
    expect((await set("not-the-secret")).status).toBe(200);
    try {
      const before = chat.messages().length;
      const result = await bot.tg().send(chat.id, "/help");
      expect(result.delivery).toEqual({ via: "webhook", status: 401 });
      expect(chat.messages()).toHaveLength(before);
    } finally {
      await set(WEBHOOK_SECRET);
    }
  });

  it("compares secrets by value alone", () => {
    expect(secretMatches(WEBHOOK_SECRET, WEBHOOK_SECRET)).toBe(true);
    expect(secretMatches(null, WEBHOOK_SECRET)).toBe(false);
    expect(secretMatches("", WEBHOOK_SECRET)).toBe(false);
    expect(secretMatches(WEBHOOK_SECRET.slice(0, -1), WEBHOOK_SECRET)).toBe(false);
  });
});

describe("/start through the webhook", () => {
  it("creates one customer with 4 free operations when sent twice at once", async () => {
    const chat = bot.chat();
    const results = await Promise.all([bot.tg().send(chat.id, "/start"), bot.tg().send(chat.id, "/start")]);
    expect(results.map((result) => result.delivery)).toEqual([
      { via: "webhook", status: 200 },
      { via: "webhook", status: 200 },
    ]);
    const customers = await db.user.findMany({
      where: { telegramChatId: chat.id },
      include: { wallets: true },
    });
    expect(customers).toHaveLength(1);
    expect(customers[0]!.wallets).toMatchObject([{ currency: "RUB", balance: 0, freeOperationsLeft: 4 }]);
    expect(await db.subscription.count({ where: { userId: customers[0]!.id } })).toBe(1);
    // Both were answered: two greetings, two menus.
    expect(chat.messages().filter((m) => m.buttons)).toHaveLength(2);
  });
});

describe("the bot's settings", () => {
  const base = { AUTH_SECRET: "x".repeat(32) };

  it("need a webhook secret in Telegram's alphabet when the webhook is on", () => {
    expect(() => parseEnv({ ...base, TELEGRAM_WEBHOOK: "true" })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK is true/,
    );
    expect(() => parseEnv({ ...base, TELEGRAM_WEBHOOK_SECRET: "has spaces" })).toThrow(EnvError);
    expect(() => parseEnv({ ...base, TELEGRAM_WEBHOOK_SECRET: "x".repeat(257) })).toThrow(EnvError);
    expect(parseEnv({ ...base, TELEGRAM_WEBHOOK: "true", TELEGRAM_WEBHOOK_SECRET: "a-Z_9" })).toMatchObject({
      TELEGRAM_WEBHOOK: true,
      TELEGRAM_WEBHOOK_SECRET: "a-Z_9",
    });
  });

  it("default to long polling and a /generate command charging the generate operation", () => {
    expect(parseEnv(base)).toMatchObject({
      TELEGRAM_WEBHOOK: false,
      BOT_PAID_COMMAND: "generate",
      BOT_PAID_OPERATION: "generate",
    });
    expect(() => parseEnv({ ...base, BOT_PAID_COMMAND: "/Generate" })).toThrow(/BOT_PAID_COMMAND/);
  });
});

import type { Bot } from "grammy";
import { afterAll, beforeAll, expect } from "vitest";
import type { BotContext } from "@/lib/telegram/bot/context";
import { createBot } from "@/lib/telegram/bot/create-bot";
import {
  startTelegramEmulator,
  type SentMessage,
  type TelegramEmulator,
  type UserUpdate,
} from "@/sandbox/telegram/emulator";
import { startRouteServer, toRequest, type RouteServer } from "./route-server";

// The real bot (lib/telegram/bot) against the Telegram emulator over HTTP, for one test file:
// "polling" runs it as `npm run bot` does (bot.start(), getUpdates); "webhook" serves the app's
// route (app/api/telegram/webhook) on 127.0.0.1 and registers it with the emulator as
// `npm run bot` does with TELEGRAM_WEBHOOK=true, so the emulator posts every update to it.

export const BOT_TOKEN = "424242:bot-integration-token";
export const WEBHOOK_SECRET = "webhook-secret_for-tests-0123456789";

export interface BotHarness {
  tg(): TelegramEmulator;
  /** The webhook route's URL (webhook mode). */
  webhookUrl(): string;
  /** A fresh private chat whose user writes in `languageCode` ("" for none). */
  chat(languageCode?: string): TestChat;
}

export function withTelegramBot(mode: "polling" | "webhook"): BotHarness {
  let tg: TelegramEmulator | undefined;
  let bot: Bot<BotContext> | undefined;
  let polling: Promise<void> | undefined;
  let server: RouteServer | undefined;

  beforeAll(async () => {
    tg = await startTelegramEmulator({ token: BOT_TOKEN });
    Object.assign(process.env, {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_BASE: tg.url,
      TELEGRAM_LINK_SECRET: "link-secret-for-bot-tests",
      TELEGRAM_WEBHOOK: mode === "webhook" ? "true" : "false",
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    });
    bot = createBot({ token: BOT_TOKEN, apiRoot: tg.url });
    await bot.init();
    if (mode === "polling") {
      polling = bot.start({ allowed_updates: ["message", "callback_query"] });
    } else {
      server = await startWebhookServer();
      await bot.api.setWebhook(server.url, { secret_token: WEBHOOK_SECRET });
    }
  });
  afterAll(async () => {
    if (polling) {
      await bot?.stop();
      await polling;
    }
    await server?.close();
    await tg?.close();
  });

  let chats = 0;
  const harness: BotHarness = {
    tg() {
      if (!tg) throw new Error("the Telegram emulator is not started");
      return tg;
    },
    webhookUrl() {
      if (!server) throw new Error("no webhook server in polling mode");
      return server.url;
    },
    chat(languageCode = "en") {
      chats += 1;
      const chatId = String(700_000_000 + process.pid * 1000 + chats);
      return new TestChat(harness, chatId, languageCode);
    },
  };
  return harness;
}

/** One user's private chat with the bot. */
export class TestChat {
  constructor(
    private readonly harness: BotHarness,
    readonly id: string,
    private languageCode: string,
  ) {}

  /** Every message the bot sent to this chat, oldest first. */
  messages(): SentMessage[] {
    return this.harness.tg().messages.filter((m) => m.chatId === this.id);
  }

  last(): SentMessage {
    const message = this.messages().at(-1);
    if (!message) throw new Error(`the bot sent nothing to chat ${this.id}`);
    return message;
  }

  /** Sends `text` as the user and returns what the bot answered to it (once it has handled it). */
  async send(text: string, options: { languageCode?: string } = {}): Promise<SentMessage[]> {
    if (options.languageCode !== undefined) this.languageCode = options.languageCode;
    const before = this.messages().length;
    const result = await this.harness.tg().send(this.id, text, { languageCode: this.languageCode });
    expectHandled(result);
    return this.messages().slice(before);
  }

  /** Presses the button labelled `label` on the bot's message (the latest one carrying it by default). */
  async press(label: string, messageId = this.withButton(label).messageId): Promise<SentMessage[]> {
    const before = this.messages().length;
    const result = await this.harness.tg().press(this.id, messageId, { text: label });
    if (result.kind === "url")
      throw new Error(`"${label}" is a link to ${result.url}, not a callback button`);
    expectHandled(result);
    return this.messages().slice(before);
  }

  /** The latest message with a button labelled `label`. */
  withButton(label: string): SentMessage {
    const found = this.messages().findLast((m) => m.buttons?.flat().some((b) => b.text === label));
    if (!found) throw new Error(`no message in chat ${this.id} has a button "${label}"`);
    return found;
  }

  /** The link of the URL button labelled `label` (matched by a pattern) on a message. */
  linkOf(message: SentMessage, label: RegExp): string {
    const button = message.buttons?.flat().find((b) => label.test(b.text));
    if (!button?.url) throw new Error(`message ${message.messageId} has no link button ${label}`);
    return button.url;
  }
}

function expectHandled(result: UserUpdate): void {
  const delivery = result.delivery;
  if (delivery?.via === "webhook") expect(delivery.status).toBe(200);
  else expect(delivery).toEqual({ via: "polling", confirmed: true });
}

/** POST /api/telegram/webhook on 127.0.0.1, through the app's route handler. */
function startWebhookServer(): Promise<RouteServer> {
  return startRouteServer("/api/telegram/webhook", async (req, res) => {
    const request = await toRequest(req);
    const { POST } = await import("@/app/api/telegram/webhook/route");
    const response = await POST(request);
    res.writeHead(response.status).end(await response.text());
  });
}

// A local HTTP emulator of the Telegram Bot API, so post-payment notifications and the bot run
// offline and tests exercise the app's real Telegram sender and bot over real HTTP: it accepts
// messages (with inline keyboards) and edits, fails on request (429 with retry_after, 403 bot
// blocked), plays the users (they write and press buttons; the bot gets the updates by
// getUpdates or by webhook) and shows each chat on a page where a person can do the same. It
// speaks what /work/shared/PROVIDERS.md ("Telegram Bot API") and core.telegram.org/bots/api
// describe, and only what the app calls; bot-api.ts, updates.ts, users.ts, keyboard.ts and
// format.ts say where they had to choose.
//
//   /bot<token>/<method>   the Bot API (bot-api.ts)     /_emulator/…   controls and pages (control.ts)
//   /<bot username>?start=… t.me's deep link into the bot (control.ts, handleDeepLink)
import type { IncomingMessage, ServerResponse } from "node:http";
import { startEmulatorServer } from "../server";
import { handleBotApi } from "./bot-api";
import { handleControl, handleDeepLink } from "./control";
import { botUser } from "./wire";
import {
  type Call,
  type CallbackAnswer,
  type ChatUser,
  type Failure,
  publicMessage,
  type SentMessage,
  TelegramCore,
  type UserAction,
} from "./core";
import { safeDecode, sendJson } from "./http";
import type { Delivery, Update, WebhookDelivery } from "./updates";
import { userPresses, userSends, type UserOptions } from "./users";

export type { Call, CallbackAnswer, ChatUser, Failure, SentMessage, UserAction } from "./core";
export type { InlineButton, InlineKeyboard } from "./keyboard";
export type { Delivery, Update, WebhookDelivery } from "./updates";

/** An update a user made, and what became of it (null when the caller did not wait). */
export interface UserUpdate {
  update: Update;
  delivery: Delivery | null;
}

export interface TelegramEmulatorOptions {
  /** The bot token the app is configured with; calls under any other token get 401. */
  token: string;
  /** Default 0: a free port. Always on 127.0.0.1. */
  port?: number;
}

export interface TelegramEmulator {
  /** The base URL: the app sets TELEGRAM_API_BASE to it and calls `${url}/bot${token}/sendMessage`. */
  url: string;
  close(): Promise<void>;
  /** Every sendMessage that succeeded, in order. */
  messages: ReadonlyArray<SentMessage>;
  /** Every sendMessage call received (refused ones included), for assertions about retries. */
  calls: ReadonlyArray<Call>;
  /** The next `count` calls (for one chat, or any) answer 429 with retry_after, or 403 bot blocked. */
  failNext(failure: Failure, options?: { chatId?: string; count?: number }): void;
  /** A chat that always answers 403 (bot blocked), until unblocked. */
  block(chatId: string): void;
  unblock(chatId: string): void;

  /**
   * The chat's user writes `text` (a command when it starts with "/"). Resolves once the bot has
   * handled the update: the webhook answered, or a later getUpdates confirmed it (or after
   * `waitMs`, 10 s by default, with `confirmed: false`). `languageCode` and `firstName` are how
   * the user appears from now on ("" clears the language).
   */
  send(chatId: string, text: string, options?: UserOptions): Promise<UserUpdate>;
  /**
   * The chat's user presses a button of the bot's message, found by its label (`{ text }`) or its
   * callback data (`{ data }`): a callback query for a callback button, or just its link for a
   * URL button. Throws when the message or the button does not exist.
   */
  press(
    chatId: string,
    messageId: number,
    button: { text: string } | { data: string },
    options?: UserOptions,
  ): Promise<({ kind: "update" } & UserUpdate) | { kind: "url"; url: string }>;
  /** What users did, in order. */
  actions: ReadonlyArray<UserAction>;
  /** The bot's answers to button presses (answerCallbackQuery). */
  callbackAnswers: ReadonlyArray<CallbackAnswer>;
  /** The webhook set with setWebhook ("" when none), and every update posted to it with the answer's status. */
  webhook: { url: string; hasSecretToken: boolean; deliveries: ReadonlyArray<WebhookDelivery> };
  /** The bot's command lists (setMyCommands), by language code ("" for the default). */
  commands: ReadonlyMap<string, ReadonlyArray<{ command: string; description: string }>>;
  /** How the chat's user appears in updates. */
  userOf(chatId: string): ChatUser;
}

export async function startTelegramEmulator(options: TelegramEmulatorOptions): Promise<TelegramEmulator> {
  if (!options.token) throw new TypeError("startTelegramEmulator: token is required");
  const core = new TelegramCore(options.token);
  const server = await startEmulatorServer({
    name: "telegram-emulator",
    port: options.port,
    handle: (req, res) => route(core, req, res),
    onClose: () => core.updates.close(),
    errorReply: (status) => ({
      ok: false,
      error_code: status,
      description: status === 413 ? "Request Entity Too Large" : "Internal Server Error",
    }),
  });
  core.url = server.url;

  return {
    url: server.url,
    close: server.close,
    get messages() {
      return core.messages.map(publicMessage);
    },
    get calls() {
      return core.calls.map((call) => ({ ...call, at: new Date(call.at) }));
    },
    failNext: (failure, failOptions) => core.failNext(failure, failOptions),
    block: (chatId) => core.block(chatId),
    unblock: (chatId) => core.unblock(chatId),
    async send(chatId, text, userOptions) {
      const sent = userSends(core, chatId, text, userOptions);
      return { update: sent.update, delivery: await sent.delivered };
    },
    async press(chatId, messageId, button, userOptions) {
      const pressed = userPresses(core, chatId, messageId, button, userOptions);
      if (pressed.kind === "url") return { kind: "url", url: pressed.url };
      return { kind: "update", update: pressed.update, delivery: await pressed.delivered };
    },
    get actions() {
      return core.actions.map((action) => ({ ...action, at: new Date(action.at) }));
    },
    get callbackAnswers() {
      return core.callbackAnswers.map((answer) => ({ ...answer, at: new Date(answer.at) }));
    },
    get webhook() {
      return {
        url: core.updates.webhook?.url ?? "",
        hasSecretToken: Boolean(core.updates.webhook?.secretToken),
        deliveries: [...core.updates.deliveries],
      };
    },
    get commands() {
      return new Map(core.commands);
    },
    userOf: (chatId) => ({ ...core.userOf(chatId) }),
  };
}

async function route(core: TelegramCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", core.url);
  const api = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
  if (api)
    return handleBotApi(core, req, res, url, { token: safeDecode(api[1] ?? ""), method: api[2] ?? "" });
  if (url.pathname === "/_emulator" || url.pathname === "/_emulator/") {
    res.writeHead(303, { location: "/_emulator/chats", "content-length": 0 }).end();
    return;
  }
  if (url.pathname.startsWith("/_emulator/")) return handleControl(core, req, res, url);
  if (url.pathname === `/${botUser(core).username}`) return handleDeepLink(core, req, res, url);
  if (url.pathname === "/") return sendJson(res, 200, { emulator: "Telegram Bot API", url: core.url });
  sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
}

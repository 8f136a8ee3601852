// A local HTTP emulator of the Telegram Bot API's `sendMessage`, so post-payment notifications
// run offline and tests exercise the app's real Telegram sender over real HTTP: it accepts
// messages, fails on request (429 with retry_after, 403 bot blocked) and shows each chat's
// messages on a page. It speaks what /work/shared/PROVIDERS.md ("Telegram Bot API") and
// core.telegram.org/bots/api describe; bot-api.ts and format.ts say where they had to choose.
//
//   /bot<token>/<method>   the Bot API (bot-api.ts)     /_emulator/…   controls and pages (control.ts)
import type { IncomingMessage, ServerResponse } from "node:http";
import { startEmulatorServer } from "../server";
import { handleBotApi } from "./bot-api";
import { handleControl } from "./control";
import { type Call, type Failure, publicMessage, type SentMessage, TelegramCore } from "./core";
import { safeDecode, sendJson } from "./http";

export type { Call, Failure, SentMessage } from "./core";

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
}

export async function startTelegramEmulator(options: TelegramEmulatorOptions): Promise<TelegramEmulator> {
  if (!options.token) throw new TypeError("startTelegramEmulator: token is required");
  const core = new TelegramCore(options.token);
  const server = await startEmulatorServer({
    name: "telegram-emulator",
    port: options.port,
    handle: (req, res) => route(core, req, res),
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
  if (url.pathname === "/") return sendJson(res, 200, { emulator: "Telegram Bot API", url: core.url });
  sendJson(res, 404, { ok: false, error_code: 404, description: "Not Found" });
}

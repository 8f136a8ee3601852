// A local HTTP emulator of the Telegram Bot API's `sendMessage`, so post-payment notifications
// run offline and tests exercise the app's real Telegram sender over real HTTP: it accepts
// messages, fails on request (429 with retry_after, 403 bot blocked) and shows each chat's
// messages on a page. It speaks what /work/shared/PROVIDERS.md ("Telegram Bot API") and
// core.telegram.org/bots/api describe; bot-api.ts and format.ts say where they had to choose.
//
//   /bot<token>/<method>   the Bot API (bot-api.ts)     /_emulator/…   controls and pages (control.ts)
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { handleBotApi } from "./bot-api";
import { handleControl } from "./control";
import { type Call, type Failure, publicMessage, type SentMessage, TelegramCore } from "./core";
import { BodyTooLargeError, safeDecode, sendJson } from "./http";

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
  const server = createServer((req, res) => {
    route(core, req, res).catch((error: unknown) => {
      const tooLarge = error instanceof BodyTooLargeError;
      if (!tooLarge) console.error("[telegram-emulator]", error);
      const code = tooLarge ? 413 : 500;
      const description = tooLarge ? "Request Entity Too Large" : "Internal Server Error";
      if (!res.headersSent) sendJson(res, code, { ok: false, error_code: code, description });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("emulator did not bind a TCP port");
  core.url = `http://127.0.0.1:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: core.url,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // keep-alive sockets would keep close() waiting
      });
      return closing;
    },
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

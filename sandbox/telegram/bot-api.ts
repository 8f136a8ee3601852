// The Bot API surface: `/bot<token>/<method>`, the methods the app and its bot call.
// Confirmed (core.telegram.org/bots/api, and replies bot authors quote): parameters may come as
// a query string, application/json, x-www-form-urlencoded or multipart/form-data; method names
// are case-insensitive; replies are `{"ok":true,"result":…}` or `{"ok":false,"error_code":N,
// "description":"…"[,"parameters":{"retry_after":N}]}` with the same HTTP status; a wrong token
// is 401 "Unauthorized", an unknown method 404 "Not Found".
// Chosen here: an unparsable JSON body is a 400; a send's check order is chat_id → queued
// failure / blocked chat → text → parse_mode → length → markup, so a queued 429 hits any send or
// edit for that chat.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StoredMessage, TelegramCore } from "./core";
import { parseText } from "./format";
import { readBody, sendJson } from "./http";
import { parseReplyMarkup, sameKeyboard, type InlineKeyboard } from "./keyboard";
import { SECRET_TOKEN_PATTERN } from "./updates";
import { botUser, messageObject } from "./wire";

type Params = Record<string, unknown>;
interface Reply {
  status: number;
  body: unknown;
}

const MAX_TEXT_LENGTH = 4096;
const failure = (code: number, description: string): Reply => ({
  status: code,
  body: { ok: false, error_code: code, description },
});
const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });

/** Methods recorded in `calls` (the ones that change what a chat shows), by lower-case name. */
const RECORDED: Record<string, string> = {
  sendmessage: "sendMessage",
  editmessagetext: "editMessageText",
  editmessagereplymarkup: "editMessageReplyMarkup",
  answercallbackquery: "answerCallbackQuery",
};

export async function handleBotApi(
  core: TelegramCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: { token: string; method: string },
): Promise<void> {
  const params = await readParams(req, await readBody(req), url);
  const method = route.method.toLowerCase();
  if (route.token === core.token && params !== null && method === "getupdates") {
    return core.updates.getUpdates(res, {
      offset: integer(params.offset) ?? 0,
      limit: Math.min(100, Math.max(1, integer(params.limit) ?? 100)),
      timeout: Math.min(50, Math.max(0, integer(params.timeout) ?? 0)),
    });
  }
  let chatId = params === null ? "" : chatIdOf(params.chat_id);
  let reply: Reply;
  if (route.token !== core.token) reply = failure(401, "Unauthorized");
  else if (params === null) reply = failure(400, "Bad Request: can't parse JSON body");
  else if (method === "sendmessage") reply = sendMessage(core, params, chatId);
  else if (method === "editmessagetext" || method === "editmessagereplymarkup") {
    reply = editMessage(core, params, chatId, method === "editmessagetext");
  } else if (method === "answercallbackquery") {
    chatId = core.openCallbacks.get(String(params.callback_query_id ?? "")) ?? "";
    reply = answerCallbackQuery(core, params);
  } else if (method === "getme") reply = ok(botUser(core));
  else if (method === "setwebhook") reply = setWebhook(core, params);
  else if (method === "deletewebhook") {
    const had = core.updates.deleteWebhook(flag(params.drop_pending_updates));
    reply = {
      status: 200,
      body: {
        ok: true,
        result: true,
        description: had ? "Webhook was deleted" : "Webhook is already deleted",
      },
    };
  } else if (method === "setmycommands") reply = setMyCommands(core, params);
  else reply = failure(404, "Not Found");
  const recorded = RECORDED[method];
  if (recorded) core.record({ method: recorded, chatId, status: reply.status, at: new Date() });
  sendJson(res, reply.status, reply.body);
}

/** A queued failure or a blocked chat, as Telegram answers it; null when the call may go on. */
function failureFor(core: TelegramCore, chatId: string): Reply | null {
  const queued = core.takeFailure(chatId);
  if (queued?.status === 429) {
    const { retryAfter } = queued;
    return {
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      },
    };
  }
  if (queued?.status === 403) return failure(403, "Forbidden: bot was blocked by the user");
  return null;
}

type Content =
  | {
      kind: "ok";
      value: Pick<StoredMessage, "text" | "parseMode" | "plain" | "entities" | "safeHtml">;
    }
  | { kind: "refused"; reply: Reply };

/** The text of a send or an edit, parsed as Telegram does, or why it is refused. */
function content(params: Params): Content {
  const refuse = (description: string): Content => ({ kind: "refused", reply: failure(400, description) });
  const text = typeof params.text === "string" || typeof params.text === "number" ? String(params.text) : "";
  if (text.trim() === "") return refuse("Bad Request: message text is empty");
  const parseMode =
    typeof params.parse_mode === "string" && params.parse_mode !== "" ? params.parse_mode : undefined;
  const parsed = parseText(text, parseMode);
  if (!parsed.ok) return refuse(parsed.error);
  if (parsed.plain.trim() === "") return refuse("Bad Request: message text is empty");
  if (parsed.plain.length > MAX_TEXT_LENGTH) return refuse("Bad Request: message is too long");
  const { plain, entities, safeHtml } = parsed;
  return { kind: "ok", value: { text, ...(parseMode ? { parseMode } : {}), plain, entities, safeHtml } };
}

function sendMessage(core: TelegramCore, params: Params, chatId: string): Reply {
  if (chatId === "") return failure(400, "Bad Request: chat_id is empty");
  if (!/^-?\d{1,16}$/.test(chatId) && !/^@[A-Za-z]\w{3,31}$/.test(chatId)) {
    return failure(400, "Bad Request: chat not found");
  }
  const refused = failureFor(core, chatId);
  if (refused) return refused;
  const parsed = content(params);
  if (parsed.kind === "refused") return parsed.reply;
  const preview = linkPreview(params.link_preview_options);
  if (preview === null) return failure(400, "Bad Request: can't parse link preview options JSON object");
  const markup = parseReplyMarkup(params.reply_markup);
  if (!markup.ok) return failure(400, markup.error);

  const message = core.addMessage({
    chatId,
    at: new Date(),
    ...parsed.value,
    ...(markup.keyboard ? { buttons: markup.keyboard } : {}),
  });
  return ok({ ...messageObject(core, message), ...(preview ? { link_preview_options: preview } : {}) });
}

/** editMessageText (text and buttons) or editMessageReplyMarkup (buttons only). */
function editMessage(core: TelegramCore, params: Params, chatId: string, withText: boolean): Reply {
  if (params.inline_message_id !== undefined)
    return failure(400, "Bad Request: inline messages are not emulated");
  if (chatId === "") return failure(400, "Bad Request: chat_id is empty");
  const messageId = integer(params.message_id);
  if (messageId === undefined) return failure(400, "Bad Request: message_id is empty");
  const refused = failureFor(core, chatId);
  if (refused) return refused;
  const message = core.findMessage(chatId, messageId);
  if (!message) return failure(400, "Bad Request: message to edit not found");
  const edited = withText ? content(params) : null;
  if (edited?.kind === "refused") return edited.reply;
  const parsed = edited?.value;
  const markup = parseReplyMarkup(params.reply_markup);
  if (!markup.ok) return failure(400, markup.error);
  // Without reply_markup an edit takes the inline keyboard away, as Telegram does.
  const buttons: InlineKeyboard | undefined = markup.keyboard;
  const sameText =
    !parsed ||
    (parsed.plain === message.plain && JSON.stringify(parsed.entities) === JSON.stringify(message.entities));
  if (sameText && sameKeyboard(buttons, message.buttons)) {
    return failure(
      400,
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
  }
  if (parsed) {
    Object.assign(message, {
      text: parsed.text,
      plain: parsed.plain,
      entities: parsed.entities,
      safeHtml: parsed.safeHtml,
    });
    if (parsed.parseMode) message.parseMode = parsed.parseMode;
    else delete message.parseMode;
  }
  if (buttons) message.buttons = buttons;
  else delete message.buttons;
  message.editedAt = new Date();
  return ok(messageObject(core, message));
}

function answerCallbackQuery(core: TelegramCore, params: Params): Reply {
  const id = String(params.callback_query_id ?? "");
  const chatId = core.openCallbacks.get(id);
  if (chatId === undefined) {
    return failure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
  }
  const text = typeof params.text === "string" && params.text !== "" ? params.text : undefined;
  if (text && text.length > 200) return failure(400, "Bad Request: MESSAGE_TOO_LONG");
  core.openCallbacks.delete(id);
  core.callbackAnswers.push({
    callbackQueryId: id,
    chatId,
    ...(text ? { text } : {}),
    showAlert: flag(params.show_alert),
    at: new Date(),
  });
  return ok(true);
}

function setWebhook(core: TelegramCore, params: Params): Reply {
  const url = typeof params.url === "string" ? params.url.trim() : "";
  if (url === "") {
    // An empty url removes the webhook (the API's older way to delete it).
    core.updates.deleteWebhook(flag(params.drop_pending_updates));
    return { status: 200, body: { ok: true, result: true, description: "Webhook was deleted" } };
  }
  if (!/^https?:\/\/[^\s/]+/i.test(url))
    return failure(400, "Bad Request: bad webhook: Failed to resolve host");
  const secret =
    typeof params.secret_token === "string" && params.secret_token !== "" ? params.secret_token : undefined;
  if (secret !== undefined && !SECRET_TOKEN_PATTERN.test(secret)) {
    return failure(400, "Bad Request: secret token contains unallowed characters");
  }
  core.updates.setWebhook(url, secret, flag(params.drop_pending_updates));
  return { status: 200, body: { ok: true, result: true, description: "Webhook was set" } };
}

function setMyCommands(core: TelegramCore, params: Params): Reply {
  let commands: unknown = params.commands;
  if (typeof commands === "string") {
    try {
      commands = JSON.parse(commands) as unknown;
    } catch {
      return failure(400, "Bad Request: can't parse commands JSON object");
    }
  }
  if (!Array.isArray(commands) || commands.length > 100)
    return failure(400, "Bad Request: commands must be an array");
  const list: Array<{ command: string; description: string }> = [];
  for (const entry of commands as Array<{ command?: unknown; description?: unknown }>) {
    if (typeof entry.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(entry.command)) {
      return failure(400, "Bad Request: BOT_COMMAND_INVALID");
    }
    if (
      typeof entry.description !== "string" ||
      entry.description.length < 1 ||
      entry.description.length > 256
    ) {
      return failure(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID");
    }
    list.push({ command: entry.command, description: entry.description });
  }
  core.commands.set(typeof params.language_code === "string" ? params.language_code : "", list);
  return ok(true);
}

async function readParams(req: IncomingMessage, body: Buffer, url: URL): Promise<Params | null> {
  const params: Params = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return params;
  if (type.includes("json")) {
    try {
      const value = JSON.parse(body.toString("utf8")) as unknown;
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? { ...params, ...value }
        : null;
    } catch {
      return null;
    }
  }
  if (type.includes("form")) {
    // undici's multipart/urlencoded parser, built into Node: no dependency for a rare format.
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": type } })
      .formData()
      .catch(() => null);
    if (!form) return null;
    for (const [key, value] of form) if (typeof value === "string") params[key] = value;
  }
  return params;
}

function chatIdOf(value: unknown): string {
  return typeof value === "number" || typeof value === "string" ? String(value).trim() : "";
}

function integer(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isSafeInteger(number) ? number : undefined;
}

function flag(value: unknown): boolean {
  return value === true || value === "true";
}

/** An object, or the JSON text of one (form-encoded calls send it serialized); null when neither. */
function linkPreview(value: unknown): Record<string, unknown> | undefined | null {
  if (value === undefined) return undefined;
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

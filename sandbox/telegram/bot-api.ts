// The Bot API surface: `/bot<token>/<method>` with `sendMessage` and `getMe`.
// Confirmed (core.telegram.org/bots/api, and replies bot authors quote): parameters may come as
// a query string, application/json, x-www-form-urlencoded or multipart/form-data; method names
// are case-insensitive; replies are `{"ok":true,"result":…}` or `{"ok":false,"error_code":N,
// "description":"…"[,"parameters":{"retry_after":N}]}` with the same HTTP status; a wrong token
// is 401 "Unauthorized", an unknown method 404 "Not Found".
// Chosen here: an unparsable JSON body is a 400; the check order is chat_id → queued failure /
// blocked chat → text → parse_mode → length, so a queued 429 hits any call for that chat.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TelegramCore } from "./core";
import { parseText } from "./format";
import { readBody, sendJson } from "./http";
import { botUser, chatObject } from "./wire";

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

export async function handleBotApi(
  core: TelegramCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  route: { token: string; method: string },
): Promise<void> {
  const params = await readParams(req, await readBody(req), url);
  const method = route.method.toLowerCase();
  const isSend = method === "sendmessage";
  const chatId = params === null ? "" : chatIdOf(params.chat_id);
  let reply: Reply;
  if (route.token !== core.token) reply = failure(401, "Unauthorized");
  else if (params === null) reply = failure(400, "Bad Request: can't parse JSON body");
  else if (isSend) reply = sendMessage(core, params, chatId);
  else if (method === "getme") reply = { status: 200, body: { ok: true, result: botUser(core) } };
  else reply = failure(404, "Not Found");
  if (isSend) core.record({ chatId, status: reply.status, at: new Date() });
  sendJson(res, reply.status, reply.body);
}

function sendMessage(core: TelegramCore, params: Params, chatId: string): Reply {
  if (chatId === "") return failure(400, "Bad Request: chat_id is empty");
  if (!/^-?\d{1,16}$/.test(chatId) && !/^@[A-Za-z]\w{3,31}$/.test(chatId)) {
    return failure(400, "Bad Request: chat not found");
  }
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

  const text = typeof params.text === "string" || typeof params.text === "number" ? String(params.text) : "";
  if (text.trim() === "") return failure(400, "Bad Request: message text is empty");
  const parseMode =
    typeof params.parse_mode === "string" && params.parse_mode !== "" ? params.parse_mode : undefined;
  const parsed = parseText(text, parseMode);
  if (!parsed.ok) return failure(400, parsed.error);
  if (parsed.plain.trim() === "") return failure(400, "Bad Request: message text is empty");
  if (parsed.plain.length > MAX_TEXT_LENGTH) return failure(400, "Bad Request: message is too long");
  const preview = linkPreview(params.link_preview_options);
  if (preview === null) return failure(400, "Bad Request: can't parse link preview options JSON object");

  const message = core.addMessage({ chatId, text, parseMode, at: new Date(), ...parsed });
  const result = {
    message_id: message.messageId,
    from: botUser(core),
    chat: chatObject(chatId),
    date: Math.floor(message.at.getTime() / 1000),
    text: parsed.plain,
    ...(parsed.entities.length > 0 ? { entities: parsed.entities } : {}),
    ...(preview ? { link_preview_options: preview } : {}),
  };
  return { status: 200, body: { ok: true, result } };
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

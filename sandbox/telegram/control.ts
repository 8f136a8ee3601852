// Control endpoints under /_emulator: the programmatic handle's operations over HTTP, for
// Playwright (which drives a separate process) and for demos with curl, plus the human pages.
// They live outside /bot… so they can never be mistaken for the Bot API and are not recorded.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { publicMessage, type TelegramCore } from "./core";
import { parseJson, readBody, safeDecode, sendHtml, sendJson } from "./http";
import { chatPage, chatsPage } from "./pages";

const chatIdSchema = z.union([z.string().min(1), z.number().int()]).transform(String);
const failSchema = z.intersection(
  z.discriminatedUnion("status", [
    z.object({ status: z.literal(429), retryAfter: z.number().int().min(0).max(86_400) }),
    z.object({ status: z.literal(403) }),
  ]),
  z.object({ chatId: chatIdSchema.optional(), count: z.number().int().min(1).max(1000).optional() }),
);

export async function handleControl(
  core: TelegramCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const parsed = parseJson((await readBody(req)).toString("utf8"));
  if (!parsed.ok) return sendJson(res, 400, { error: "body is not valid JSON" });
  const [, , resource, chatId, action] = url.pathname.replace(/\/$/, "").split("/").map(safeDecode); // "", "_emulator", …
  const route = `${req.method ?? "GET"} ${resource ?? ""}${chatId === undefined ? "" : "/:chatId"}${action === undefined ? "" : `/${action}`}`;
  const only = url.searchParams.get("chat_id");
  switch (route) {
    case "POST fail-next": {
      const input = failSchema.safeParse(parsed.value);
      if (!input.success) {
        return sendJson(res, 400, {
          error:
            'expected {"status": 429, "retryAfter": 3} or {"status": 403}, with optional "chatId" and "count"',
        });
      }
      const { chatId: forChat, count, ...failure } = input.data;
      core.failNext(failure, { chatId: forChat, count });
      return sendJson(res, 200, { queued: count ?? 1, failure, chatId: forChat ?? null });
    }
    case "POST chats/:chatId/block":
    case "POST chats/:chatId/unblock":
      if (action === "block") core.block(chatId ?? "");
      else core.unblock(chatId ?? "");
      return sendJson(res, 200, { chatId, blocked: core.isBlocked(chatId ?? "") });
    case "GET messages":
      return sendJson(
        res,
        200,
        core.messages.filter((m) => only === null || m.chatId === only).map(publicMessage),
      );
    case "GET calls":
      return sendJson(
        res,
        200,
        core.calls.filter((c) => only === null || c.chatId === only),
      );
    case "GET chats":
      return sendHtml(res, 200, chatsPage(core));
    case "GET chats/:chatId":
      return sendHtml(res, 200, chatPage(core, chatId ?? ""));
    default:
      return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
  }
}

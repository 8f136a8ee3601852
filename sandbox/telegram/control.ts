// Control endpoints under /_emulator: the programmatic handle's operations over HTTP, for
// Playwright (which drives a separate process) and for demos with curl, plus the human pages.
// They live outside /bot… so they can never be mistaken for the Bot API and are not recorded.
// The chat page's forms post here too (form-encoded): they are answered with a redirect back to
// the chat once the bot has had the update.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { sendStateError } from "../control";
import { redirect } from "../http";
import { publicMessage, type TelegramCore } from "./core";
import { parseJson, readBody, safeDecode, sendHtml, sendJson } from "./http";
import { chatPage, chatsPage, deepLinkPage } from "./pages";
import { userPresses, userSends, type PressResult } from "./users";

const chatIdSchema = z.union([z.string().min(1), z.number().int()]).transform(String);
const failSchema = z.intersection(
  z.discriminatedUnion("status", [
    z.object({ status: z.literal(429), retryAfter: z.number().int().min(0).max(86_400) }),
    z.object({ status: z.literal(403) }),
  ]),
  z.object({ chatId: chatIdSchema.optional(), count: z.number().int().min(1).max(1000).optional() }),
);
const userSchema = {
  languageCode: z.string().max(35).optional(),
  firstName: z.string().min(1).max(64).optional(),
  /** false: answer at once instead of after the bot has had the update. */
  wait: z.boolean().optional(),
};
const sendSchema = z.object({ text: z.string().min(1).max(4096), ...userSchema });
const pressSchema = z
  .object({
    messageId: z.coerce.number().int().positive(),
    button: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    /** "row,column", as the chat page posts it. */
    position: z
      .string()
      .regex(/^\d{1,3},\d{1,3}$/)
      .transform((value) => value.split(",").map(Number) as [number, number])
      .optional(),
    ...userSchema,
  })
  .refine((input) => [input.button, input.data, input.position].filter((v) => v !== undefined).length === 1, {
    message: 'name the button by its label ("button"), its callback data ("data") or its "position"',
  });

/** How long a person's form post waits for the bot before showing the chat anyway. */
const PAGE_WAIT_MS = 5_000;

export async function handleControl(
  core: TelegramCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const raw = (await readBody(req)).toString("utf8");
  const fromForm = (req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded");
  const parsed = fromForm ? { ok: true as const, value: formValues(raw) } : parseJson(raw);
  if (!parsed.ok) return sendJson(res, 400, { error: "body is not valid JSON" });
  const [, , resource, chatId, action] = url.pathname.replace(/\/$/, "").split("/").map(safeDecode); // "", "_emulator", …
  const route = `${req.method ?? "GET"} ${resource ?? ""}${chatId === undefined ? "" : "/:chatId"}${action === undefined ? "" : `/${action}`}`;
  const only = url.searchParams.get("chat_id");
  const ofChat = <T extends { chatId: string }>(list: readonly T[]) =>
    list.filter((entry) => only === null || entry.chatId === only);
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
    case "POST chats/:chatId/send": {
      const input = sendSchema.safeParse(parsed.value);
      if (!input.success) return sendJson(res, 400, { error: 'expected {"text": "…"}' });
      const { text, wait, ...user } = input.data;
      const waitMs = fromForm ? PAGE_WAIT_MS : undefined;
      return act(res, chatId ?? "", fromForm, wait, () => ({
        kind: "update",
        ...userSends(core, chatId ?? "", text, { ...user, waitMs }),
      }));
    }
    case "POST chats/:chatId/press": {
      const input = pressSchema.safeParse(parsed.value);
      if (!input.success) {
        return sendJson(res, 400, {
          error:
            'expected {"messageId": 12, "button": "label"}, or "data": "…" or "position": "0,1" for "button"',
        });
      }
      const { messageId, button, data, position, wait, ...user } = input.data;
      const waitMs = fromForm ? PAGE_WAIT_MS : undefined;
      return act(res, chatId ?? "", fromForm, wait, () =>
        userPresses(core, chatId ?? "", messageId, { text: button, data, position }, { ...user, waitMs }),
      );
    }
    case "GET messages":
      return sendJson(res, 200, ofChat(core.messages).map(publicMessage));
    case "GET calls":
      return sendJson(res, 200, ofChat(core.calls));
    case "GET actions":
      return sendJson(res, 200, ofChat(core.actions));
    case "GET answers":
      return sendJson(res, 200, ofChat(core.callbackAnswers));
    case "GET webhook":
      return sendJson(res, 200, {
        url: core.updates.webhook?.url ?? "",
        hasSecretToken: Boolean(core.updates.webhook?.secretToken),
        pendingUpdateCount: core.updates.pendingCount(),
        deliveries: core.updates.deliveries,
      });
    case "GET commands":
      return sendJson(res, 200, Object.fromEntries(core.commands));
    case "GET chats": {
      const open = url.searchParams.get("open")?.trim();
      if (open) return redirect(res, `/_emulator/chats/${encodeURIComponent(open)}`);
      return sendHtml(res, 200, chatsPage(core));
    }
    case "GET chats/:chatId":
      return sendHtml(res, 200, chatPage(core, chatId ?? ""));
    default:
      return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
  }
}

/**
 * Runs a user's action; answers with the update and what became of it (JSON), or sends a person
 * back to the chat page once the bot has had it (or to the link of a URL button).
 */
/**
 * t.me/<bot>?start=<parameter>, the link that opens the bot in the user's own Telegram: the emulator
 * plays t.me too (the app's TELEGRAM_DEEP_LINK_BASE). Telegram knows who opens it; the emulator asks
 * (GET: a page with the user's chat id), then sends `/start <parameter>` from that chat (POST) and
 * shows the chat.
 */
export async function handleDeepLink(
  core: TelegramCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const start = url.searchParams.get("start") ?? "";
  const action = `${url.pathname}?${new URLSearchParams({ start }).toString()}`;
  if (req.method !== "POST") return sendHtml(res, 200, deepLinkPage(action));
  const chat = new URLSearchParams((await readBody(req)).toString("utf8")).get("chat")?.trim() ?? "";
  if (!/^[1-9]\d{0,15}$/.test(chat))
    return sendHtml(res, 400, deepLinkPage(action, "A chat id is 1 to 16 digits."));
  return act(res, chat, true, undefined, () => ({
    kind: "update",
    ...userSends(core, chat, start ? `/start ${start}` : "/start", { waitMs: PAGE_WAIT_MS }),
  }));
}

async function act(
  res: ServerResponse,
  chatId: string,
  fromForm: boolean,
  wait: boolean | undefined,
  run: () => PressResult,
): Promise<void> {
  let result: PressResult;
  try {
    result = run();
  } catch (error) {
    return sendStateError(res, error);
  }
  if (result.kind === "url")
    return fromForm ? redirect(res, result.url) : sendJson(res, 200, { url: result.url });
  const delivery = wait === false && !fromForm ? null : await result.delivered;
  if (fromForm) return redirect(res, `/_emulator/chats/${encodeURIComponent(chatId)}`);
  sendJson(res, 200, { update: result.update, delivery });
}

/** A chat page form's fields, named as the JSON body's. */
function formValues(raw: string): Record<string, unknown> {
  const form = new URLSearchParams(raw);
  const values: Record<string, unknown> = {};
  for (const [key, value] of form) {
    const name = { message_id: "messageId", language_code: "languageCode" }[key] ?? key;
    values[name] = value;
  }
  return values;
}

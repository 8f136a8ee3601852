// The user side of a private chat: a person (the chat page) or a test (the control endpoints and
// the handle) writes a message or presses an inline button, and the bot gets the update Telegram
// would send. Confirmed (core.telegram.org/bots/api#update): a command is marked by a
// `bot_command` entity at offset 0 (bot frameworks route on it, not on the text); a press of a
// callback button is a `callback_query` with a fresh `id`, the `from` user, the bot's `message`
// as it stands (buttons included), a `chat_instance` and the button's `data`; a URL button opens
// its link and sends the bot nothing.
import { randomBytes } from "node:crypto";
import { EmulatorStateError } from "../control";
import type { ChatUser, TelegramCore } from "./core";
import type { Delivery, Update } from "./updates";
import { chatObject, messageObject, userObject } from "./wire";

/** How long a caller waits for the bot to have the update before getting `confirmed: false`. */
export const DEFAULT_WAIT_MS = 10_000;

/** Private chats only: the chat id is the user's id, a positive number. */
const USER_CHAT_ID = /^[1-9]\d{0,15}$/;
const COMMAND = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?=\s|$)/;

export interface SentUpdate {
  update: Update;
  /** Resolves once the bot has handled it (webhook answered, or getUpdates confirmed it). */
  delivered: Promise<Delivery>;
}

export type PressResult = ({ kind: "update" } & SentUpdate) | { kind: "url"; url: string };

/**
 * Which button: by its label, its callback data, or its place ([row, column], what the chat page
 * posts: callback data may hold characters an HTML form cannot carry back unchanged).
 */
export interface ButtonChoice {
  text?: string;
  data?: string;
  position?: [number, number];
}

export interface UserOptions extends Partial<ChatUser> {
  waitMs?: number;
}

export function userSends(
  core: TelegramCore,
  chatId: string,
  text: string,
  options: UserOptions = {},
): SentUpdate {
  checkChat(chatId);
  if (text.trim() === "") throw new EmulatorStateError("the message text is empty", "invalid");
  if (text.length > 4096) throw new EmulatorStateError("the message text is over 4096 characters", "invalid");
  rememberUser(core, chatId, options);
  const messageId = core.nextMessageId();
  const at = new Date();
  const command = COMMAND.exec(text)?.[0];
  const sent = core.updates.push((updateId) => {
    core.actions.push({ chatId, kind: "message", text, messageId, updateId, at });
    return {
      update_id: updateId,
      message: {
        message_id: messageId,
        from: userObject(core, chatId),
        chat: chatObject(chatId),
        date: Math.floor(at.getTime() / 1000),
        text,
        ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
      },
    };
  }, options.waitMs ?? DEFAULT_WAIT_MS);
  return sent;
}

/** Presses the button of one of the bot's messages, found by its label, callback data or place. */
export function userPresses(
  core: TelegramCore,
  chatId: string,
  messageId: number,
  button: ButtonChoice,
  options: UserOptions = {},
): PressResult {
  checkChat(chatId);
  const message = core.findMessage(chatId, messageId);
  if (!message)
    throw new EmulatorStateError(`chat ${chatId} has no message ${messageId} from the bot`, "not-found");
  const rows = message.buttons ?? [];
  const found = button.position
    ? rows[button.position[0]]?.[button.position[1]]
    : rows
        .flat()
        .find((b) => (button.data !== undefined ? b.callbackData === button.data : b.text === button.text));
  if (!found) {
    const labels = rows.flat().map((b) => `"${b.text}"`);
    const wanted = JSON.stringify(button.position ?? button.data ?? button.text);
    throw new EmulatorStateError(
      `message ${messageId} has no button ${wanted}; it has ${labels.join(", ") || "none"}`,
      "not-found",
    );
  }
  if (found.url) return { kind: "url", url: found.url };
  rememberUser(core, chatId, options);
  const queryId = `${core.botId}${randomBytes(6).readUIntBE(0, 6)}`;
  core.openCallbacks.set(queryId, chatId);
  const at = new Date();
  const sent = core.updates.push((updateId) => {
    core.actions.push({
      chatId,
      kind: "press",
      text: found.text,
      messageId,
      updateId,
      callbackQueryId: queryId,
      at,
    });
    return {
      update_id: updateId,
      callback_query: {
        id: queryId,
        from: userObject(core, chatId),
        message: messageObject(core, message),
        chat_instance: String(BigInt(chatId) * 7919n + BigInt(core.botId)),
        data: found.callbackData,
      },
    };
  }, options.waitMs ?? DEFAULT_WAIT_MS);
  return { kind: "update", ...sent };
}

function checkChat(chatId: string): void {
  if (!USER_CHAT_ID.test(chatId)) {
    throw new EmulatorStateError(
      "users write from private chats: the chat id must be a positive number",
      "invalid",
    );
  }
}

/** The chat's user as the caller describes them; unchanged what it leaves out ("" clears the language). */
function rememberUser(core: TelegramCore, chatId: string, options: UserOptions): void {
  const current = core.userOf(chatId);
  const languageCode = options.languageCode ?? current.languageCode;
  core.users.set(chatId, {
    firstName: options.firstName ?? current.firstName,
    ...(languageCode ? { languageCode } : {}),
  });
}

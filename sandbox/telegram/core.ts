// The Telegram emulator's state: every message the bot sent (and what became of it: edits,
// buttons), every message-changing call it received (refused ones too, so tests can count
// retries), the failures queued for the next calls, the chats that blocked the bot, and the user
// side: what users wrote and pressed, as updates waiting for getUpdates or posted to the webhook
// (updates.ts). The Bot API, the control endpoints, the pages and the programmatic handle all
// read and change this one object.
import type { Entity } from "./format";
import type { InlineKeyboard } from "./keyboard";
import { UpdateHub } from "./updates";

export type Failure = { status: 429; retryAfter: number } | { status: 403 };

export interface SentMessage {
  messageId: number;
  chatId: string;
  text: string; // exactly as the app sent it (markup included)
  parseMode?: string;
  /** The inline keyboard under the message, as it stands now (edits included). */
  buttons?: InlineKeyboard;
  /** Set once the bot edited the message's text or buttons. */
  editedAt?: Date;
  at: Date;
}

/** What the emulator keeps per message beyond the public view: the parsed text, for the pages. */
export interface StoredMessage extends SentMessage {
  plain: string;
  entities: Entity[];
  safeHtml: string;
}

/** Something a user did in a chat: a text message, or a press of an inline button. */
export interface UserAction {
  chatId: string;
  kind: "message" | "press";
  /** The message's text, or the pressed button's label. */
  text: string;
  /** The message's id (for a press: the id of the bot message whose button was pressed). */
  messageId: number;
  updateId: number;
  /** A press's callback query, to find the bot's answer to it. */
  callbackQueryId?: string;
  at: Date;
}

export interface Call {
  /** The Bot API method, as Telegram spells it: "sendMessage", "editMessageText"… */
  method: string;
  chatId: string; // "" when the call named no chat
  status: number;
  at: Date;
}

/** How a chat's user appears in updates; a person or a test sets it when sending. */
export interface ChatUser {
  firstName: string;
  languageCode?: string;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  chatId: string;
  text?: string;
  showAlert: boolean;
  at: Date;
}

export class TelegramCore {
  readonly messages: StoredMessage[] = [];
  readonly calls: Call[] = [];
  readonly actions: UserAction[] = [];
  readonly callbackAnswers: CallbackAnswer[] = [];
  /** Callback queries not answered yet, by id: the chat they came from. */
  readonly openCallbacks = new Map<string, string>();
  /** setMyCommands, per language code ("" for the default list). */
  readonly commands = new Map<string, Array<{ command: string; description: string }>>();
  readonly users = new Map<string, ChatUser>();
  /** What users do, on its way to the bot: getUpdates or the webhook. */
  readonly updates = new UpdateHub();
  /** Set once the server listens (the port is only known then). */
  url = "";
  private readonly queue: Array<{ failure: Failure; chatId?: string }> = [];
  private readonly blocked = new Set<string>();
  private lastMessageId = 0;

  constructor(readonly token: string) {}

  /** The bot's user id: Telegram tokens are `<bot id>:<secret>`. */
  get botId(): number {
    const id = Number(/^(\d+):/.exec(this.token)?.[1]);
    return Number.isSafeInteger(id) ? id : 1;
  }

  failNext(failure: Failure, options: { chatId?: string | number; count?: number } = {}): void {
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError("count must be a positive integer");
    if (failure.status === 429 && (!Number.isInteger(failure.retryAfter) || failure.retryAfter < 0)) {
      throw new RangeError("retryAfter must be a whole number of seconds");
    }
    const chatId = options.chatId === undefined ? undefined : String(options.chatId);
    for (let i = 0; i < count; i++) this.queue.push({ failure: { ...failure }, chatId });
  }

  /** The failure this call must suffer: the oldest queued one for its chat or for any chat. */
  takeFailure(chatId: string): Failure | undefined {
    const index = this.queue.findIndex((entry) => entry.chatId === undefined || entry.chatId === chatId);
    if (index >= 0) return this.queue.splice(index, 1)[0]?.failure;
    return this.blocked.has(chatId) ? { status: 403 } : undefined;
  }

  block(chatId: string | number): void {
    this.blocked.add(String(chatId));
  }

  unblock(chatId: string | number): void {
    this.blocked.delete(String(chatId));
  }

  isBlocked(chatId: string): boolean {
    return this.blocked.has(chatId);
  }

  record(call: Call): void {
    this.calls.push(call);
  }

  /** Message ids count up per bot across both directions, as in a private chat. */
  nextMessageId(): number {
    return ++this.lastMessageId;
  }

  addMessage(message: Omit<StoredMessage, "messageId">): StoredMessage {
    const stored = { ...message, messageId: this.nextMessageId() };
    this.messages.push(stored);
    return stored;
  }

  findMessage(chatId: string, messageId: number): StoredMessage | undefined {
    return this.messages.find((m) => m.chatId === chatId && m.messageId === messageId);
  }

  userOf(chatId: string): ChatUser {
    return this.users.get(chatId) ?? { firstName: "User" };
  }

  /** Every chat the emulator has heard of: written to, called for, written from, or blocked. */
  chatIds(): string[] {
    const ids = [
      ...this.messages.map((m) => m.chatId),
      ...this.actions.map((a) => a.chatId),
      ...this.calls.map((c) => c.chatId),
      ...this.blocked,
    ];
    return [...new Set(ids.filter((id) => id !== ""))];
  }
}

/** The public view of a message: copies, without the emulator's parsing results. */
export function publicMessage({
  messageId,
  chatId,
  text,
  parseMode,
  buttons,
  editedAt,
  at,
}: StoredMessage): SentMessage {
  return {
    messageId,
    chatId,
    text,
    ...(parseMode ? { parseMode } : {}),
    ...(buttons ? { buttons: buttons.map((row) => row.map((button) => ({ ...button }))) } : {}),
    ...(editedAt ? { editedAt: new Date(editedAt) } : {}),
    at: new Date(at),
  };
}

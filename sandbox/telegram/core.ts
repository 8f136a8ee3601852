// The Telegram emulator's state: every message it accepted, every sendMessage call it received
// (refused ones too, so tests can count retries), the failures queued for the next calls and
// the chats that blocked the bot. The Bot API, the control endpoints, the pages and the
// programmatic handle all read and change this one object.
import type { Entity } from "./format";

export type Failure = { status: 429; retryAfter: number } | { status: 403 };

export interface SentMessage {
  messageId: number;
  chatId: string;
  text: string; // exactly as the app sent it (markup included)
  parseMode?: string;
  at: Date;
}

/** What the emulator keeps per message beyond the public view: the parsed text, for the pages. */
export interface StoredMessage extends SentMessage {
  plain: string;
  entities: Entity[];
  safeHtml: string;
}

export interface Call {
  chatId: string; // "" when the call named no chat
  status: number;
  at: Date;
}

export class TelegramCore {
  readonly messages: StoredMessage[] = [];
  readonly calls: Call[] = [];
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

  addMessage(message: Omit<StoredMessage, "messageId">): StoredMessage {
    const stored = { ...message, messageId: ++this.lastMessageId };
    this.messages.push(stored);
    return stored;
  }

  /** Every chat the emulator has heard of: written to, called for, or blocked. */
  chatIds(): string[] {
    const ids = [...this.messages.map((m) => m.chatId), ...this.calls.map((c) => c.chatId), ...this.blocked];
    return [...new Set(ids.filter((id) => id !== ""))];
  }
}

/** The public view of a message: copies, without the emulator's parsing results. */
export function publicMessage({ messageId, chatId, text, parseMode, at }: StoredMessage): SentMessage {
  return { messageId, chatId, text, ...(parseMode ? { parseMode } : {}), at: new Date(at) };
}

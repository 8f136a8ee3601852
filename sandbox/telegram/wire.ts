// How the bot, the chats, their users and the bot's messages look in Bot API replies and
// updates (`from` and `chat` of a Message, `getMe`). Chosen here: the emulator knows nothing
// about a chat but its id, so it makes up names from it; an `@channelusername` gets a stable
// made-up numeric id.
import type { StoredMessage, TelegramCore } from "./core";
import { wireKeyboard } from "./keyboard";

export function botUser(core: TelegramCore) {
  return { id: core.botId, is_bot: true, first_name: "Emulated Bot", username: "emulated_bot" };
}

/** Telegram's chat kinds by id: positive = private, -100… = supergroup, other negative = group. */
export function chatObject(chatId: string) {
  if (chatId.startsWith("@")) {
    const username = chatId.slice(1);
    const id =
      -1_000_000_000_000 - ([...username].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1e9, 7) >>> 0);
    return { id, title: username, username, type: "channel" };
  }
  const id = Number(chatId);
  if (id > 0) return { id, first_name: "Chat", last_name: chatId, type: "private" };
  return chatId.startsWith("-100")
    ? { id, title: `Group ${chatId}`, type: "supergroup" }
    : { id, title: `Group ${chatId}`, type: "group" };
}

/** A message the bot sent, as the Bot API shows it (in replies to sends and edits, and in callback queries). */
export function messageObject(core: TelegramCore, message: StoredMessage) {
  const markup = wireKeyboard(message.buttons);
  return {
    message_id: message.messageId,
    from: botUser(core),
    chat: chatObject(message.chatId),
    date: Math.floor(message.at.getTime() / 1000),
    ...(message.editedAt ? { edit_date: Math.floor(message.editedAt.getTime() / 1000) } : {}),
    text: message.plain,
    ...(message.entities.length > 0 ? { entities: message.entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  };
}

/** The user of a private chat, as updates show them (`from`): the chat id is the user id. */
export function userObject(core: TelegramCore, chatId: string) {
  const user = core.userOf(chatId);
  return {
    id: Number(chatId),
    is_bot: false,
    first_name: user.firstName,
    ...(user.languageCode ? { language_code: user.languageCode } : {}),
  };
}

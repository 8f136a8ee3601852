// How the bot and the chats look in Bot API replies (`from` and `chat` of a Message, `getMe`).
// Chosen here: the emulator knows nothing about a chat but its id, so it makes up names from it;
// an `@channelusername` gets a stable made-up numeric id.
import type { TelegramCore } from "./core";

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

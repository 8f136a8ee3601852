// Human pages for demos: `/_emulator/chats` lists the chats the bot wrote to (or tried to), and
// `/_emulator/chats/:chatId` shows what one chat received, newest first, as the user would see
// it (HTML-formatted messages rendered from Telegram's parse, never from the raw markup).
// Inline CSS, no script, no external asset.
import { htmlPage } from "../http";
import type { TelegramCore } from "./core";
import { escapeHtml } from "./http";

const time = (at: Date) => `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;

export function chatsPage(core: TelegramCore): string {
  const rows = core.chatIds().map((chatId) => {
    const received = core.messages.filter((m) => m.chatId === chatId);
    const refused = core.calls.filter((c) => c.chatId === chatId && c.status !== 200).length;
    const last = received.at(-1);
    return `<li><a href="/_emulator/chats/${encodeURIComponent(chatId)}">Chat ${escapeHtml(chatId)}</a>
      <span class="meta">${received.length} message${received.length === 1 ? "" : "s"}${refused ? ` · ${refused} refused` : ""}${core.isBlocked(chatId) ? ' · <b class="blocked">blocked</b>' : ""}${last ? ` · last ${time(last.at)}` : ""}</span></li>`;
  });
  const body =
    rows.length > 0 ? `<ul class="chats">${rows.join("")}</ul>` : `<p class="empty">No chats yet.</p>`;
  return page("Chats", body);
}

export function chatPage(core: TelegramCore, chatId: string): string {
  const received = core.messages.filter((m) => m.chatId === chatId).reverse();
  const items = received.map(
    (m) => `<li class="message" data-message-id="${m.messageId}">
      <div class="text">${m.safeHtml}</div>
      <div class="meta"><time datetime="${m.at.toISOString()}">${time(m.at)}</time>${m.parseMode ? ` · ${escapeHtml(m.parseMode)}` : ""} · #${m.messageId}</div>
    </li>`,
  );
  const status = core.isBlocked(chatId)
    ? `<p class="notice" role="status">This chat has blocked the bot.</p>`
    : "";
  const body = `${status}
    ${items.length > 0 ? `<ol class="messages" reversed>${items.join("")}</ol>` : `<p class="empty">No messages yet.</p>`}
    <p class="nav"><a href="/_emulator/chats">All chats</a> · <a href="">Refresh</a></p>`;
  return page(`Chat ${chatId}`, body);
}

export function page(title: string, body: string): string {
  return htmlPage({
    title,
    site: "Telegram emulator",
    css: CSS,
    brand: "Telegram <small>Bot API · local emulator</small>",
    body: body,
  });
}

const CSS = `  body { margin: 0; min-height: 100vh; background: #e7ebf0; color: #1f2d3d;
    font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
  main { width: min(36rem, calc(100vw - 2rem)); margin: 2rem auto; }
  .brand { margin: 0 0 0.25rem; font-weight: 700; color: #2a9fd8; }
  .brand small { color: #7d8b99; font-weight: 400; }
  h1 { font-size: 1.2rem; margin: 0 0 1rem; }
  ul, ol { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.6rem; }
  .chats li { background: #fff; border-radius: 10px; padding: 0.7rem 1rem; display: grid; gap: 0.1rem; }
  .message { background: #fff; border-radius: 12px 12px 12px 4px; padding: 0.6rem 0.9rem;
    box-shadow: 0 1px 2px rgb(16 35 47 / 0.15); max-width: 90%; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .text pre, .text code { background: #f1f4f7; border-radius: 4px; padding: 0 0.25rem; }
  .text blockquote { margin: 0.25rem 0; padding-left: 0.6rem; border-left: 3px solid #2a9fd8; }
  .spoiler { background: #c9d1d9; color: transparent; border-radius: 3px; }
  .spoiler:hover { color: inherit; background: none; }
  .meta { font-size: 0.8rem; color: #7d8b99; } .blocked { color: #c0392b; }
  .notice { background: #fdecea; color: #922; padding: 0.5rem 0.75rem; border-radius: 8px; }
  .empty { color: #7d8b99; } a { color: #2a7ab8; } .nav { margin-top: 1.25rem; }`;

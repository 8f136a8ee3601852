// Human pages for demos: `/_emulator/chats` lists the chats, and `/_emulator/chats/:chatId` shows
// one private chat newest first, as its user would see it: the bot's messages (HTML-formatted
// ones rendered from Telegram's parse, never from the raw markup) with their inline buttons, what
// the user wrote and pressed, and a box to write to the bot. Buttons and the box are plain forms
// that post to the control endpoints (control.ts), which send the update and come back here once
// the bot has had it. Inline CSS, no script, no external asset.
import { htmlPage } from "../http";
import type { StoredMessage, TelegramCore, UserAction } from "./core";
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
  const body = `${rows.length > 0 ? `<ul class="chats">${rows.join("")}</ul>` : `<p class="empty">No chats yet.</p>`}
    <form class="open" method="get" action="/_emulator/chats">
      <label>Write to the bot as user <input name="open" inputmode="numeric" pattern="[1-9][0-9]{0,15}" required placeholder="100200300"></label>
      <button type="submit">Open chat</button>
    </form>`;
  return page("Chats", body);
}

/** t.me's "open the bot" step: which user opens it (the deep link's action keeps its start parameter). */
export function deepLinkPage(action: string, problem?: string): string {
  const body = `${problem ? `<p class="blocked">${escapeHtml(problem)}</p>` : ""}
    <form class="open" method="post" action="${escapeHtml(action)}">
      <label>Open the bot as user <input name="chat" inputmode="numeric" pattern="[1-9][0-9]{0,15}" required placeholder="100200300"></label>
      <button type="submit">Start</button>
    </form>`;
  return page("Open the bot", body);
}

export function chatPage(core: TelegramCore, chatId: string): string {
  const fromBot = core.messages
    .filter((m) => m.chatId === chatId)
    .map((m) => ({ at: m.at, order: m.messageId, html: botMessage(chatId, m) }));
  const fromUser = core.actions
    .filter((a) => a.chatId === chatId)
    .map((a) => ({ at: a.at, order: a.messageId, html: userAction(core, a) }));
  const items = [...fromBot, ...fromUser]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.order - a.order)
    .map((item) => item.html);
  const status = core.isBlocked(chatId)
    ? `<p class="notice" role="status">This chat has blocked the bot.</p>`
    : "";
  const canWrite = /^[1-9]\d{0,15}$/.test(chatId);
  const body = `${status}
    ${canWrite ? composer(core, chatId) : ""}
    ${items.length > 0 ? `<ol class="messages" reversed>${items.join("")}</ol>` : `<p class="empty">No messages yet.</p>`}
    ${commandList(core, chatId)}
    <p class="nav"><a href="/_emulator/chats">All chats</a> · <a href="">Refresh</a></p>`;
  return page(`Chat ${chatId}`, body);
}

function botMessage(chatId: string, m: StoredMessage): string {
  const rows = (m.buttons ?? []).map(
    (row, r) =>
      `<div class="row">${row
        .map((button, c) =>
          button.url
            ? `<a class="button" href="${escapeHtml(button.url)}" rel="noreferrer">${escapeHtml(button.text)} ↗</a>`
            : `<form method="post" action="/_emulator/chats/${encodeURIComponent(chatId)}/press">
                <input type="hidden" name="message_id" value="${m.messageId}">
                <input type="hidden" name="position" value="${r},${c}">
                <button type="submit">${escapeHtml(button.text)}</button></form>`,
        )
        .join("")}</div>`,
  );
  return `<li class="message" data-message-id="${m.messageId}">
      <div class="text">${m.safeHtml}</div>
      ${rows.length > 0 ? `<div class="keyboard">${rows.join("")}</div>` : ""}
      <div class="meta"><time datetime="${m.at.toISOString()}">${time(m.at)}</time>${m.parseMode ? ` · ${escapeHtml(m.parseMode)}` : ""}${m.editedAt ? " · edited" : ""} · #${m.messageId}</div>
    </li>`;
}

function userAction(core: TelegramCore, a: UserAction): string {
  const answer = a.callbackQueryId
    ? core.callbackAnswers.find((entry) => entry.callbackQueryId === a.callbackQueryId)
    : undefined;
  const text =
    a.kind === "press"
      ? `<span class="pressed">pressed “${escapeHtml(a.text)}” on #${a.messageId}</span>${answer?.text ? `<span class="answer">${answer.showAlert ? "alert" : "toast"}: ${escapeHtml(answer.text)}</span>` : ""}`
      : escapeHtml(a.text);
  return `<li class="from-user" data-update-id="${a.updateId}">
      <div class="text">${text}</div>
      <div class="meta"><time datetime="${a.at.toISOString()}">${time(a.at)}</time> · update ${a.updateId}</div>
    </li>`;
}

function composer(core: TelegramCore, chatId: string): string {
  const language = core.userOf(chatId).languageCode ?? "";
  const option = (value: string, label: string) =>
    `<option value="${value}"${value === language ? " selected" : ""}>${label}</option>`;
  return `<form class="composer" method="post" action="/_emulator/chats/${encodeURIComponent(chatId)}/send">
      <input name="text" required maxlength="4096" autocomplete="off" autofocus placeholder="Message, or /start" aria-label="Message">
      <select name="language_code" aria-label="The user's Telegram language">
        ${option("", "no language")}${option("en", "en")}${option("ru", "ru")}${option("de", "de")}
      </select>
      <button type="submit">Send</button>
    </form>`;
}

function commandList(core: TelegramCore, chatId: string): string {
  const language = core.userOf(chatId).languageCode ?? "";
  const commands = core.commands.get(language) ?? core.commands.get("") ?? [];
  if (commands.length === 0) return "";
  const items = commands
    .map((c) => `<li><code>/${escapeHtml(c.command)}</code> ${escapeHtml(c.description)}</li>`)
    .join("");
  return `<details class="commands"><summary>The bot's commands</summary><ul>${items}</ul></details>`;
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
  .message, .from-user { border-radius: 12px 12px 12px 4px; padding: 0.6rem 0.9rem;
    box-shadow: 0 1px 2px rgb(16 35 47 / 0.15); max-width: 90%; background: #fff; }
  .from-user { background: #effdde; border-radius: 12px 12px 4px 12px; justify-self: end; }
  .pressed { font-style: italic; } .answer { display: block; color: #2a7ab8; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  .text pre, .text code { background: #f1f4f7; border-radius: 4px; padding: 0 0.25rem; }
  .text blockquote { margin: 0.25rem 0; padding-left: 0.6rem; border-left: 3px solid #2a9fd8; }
  .keyboard { display: grid; gap: 0.3rem; margin-top: 0.5rem; }
  .keyboard .row { display: flex; gap: 0.3rem; } .keyboard form { flex: 1; display: flex; }
  .keyboard button, .keyboard .button { flex: 1; border: 0; border-radius: 8px; padding: 0.45rem;
    background: #e3f1fb; color: #1f5f8b; font: inherit; text-align: center; text-decoration: none; cursor: pointer; }
  .keyboard button:hover, .keyboard .button:hover { background: #cfe6f7; }
  .composer, .open { display: flex; gap: 0.4rem; margin: 0 0 1rem; }
  .composer input, .open input { flex: 1; padding: 0.5rem 0.7rem; border: 1px solid #c5cfd9; border-radius: 8px; font: inherit; }
  .composer button, .open button { border: 0; border-radius: 8px; padding: 0.5rem 0.9rem; background: #2a9fd8; color: #fff; font: inherit; }
  .open { margin-top: 1rem; } .open label { display: flex; gap: 0.4rem; align-items: center; flex: 1; }
  .commands { margin-top: 1rem; } .commands ul { gap: 0.2rem; margin-top: 0.4rem; }
  .spoiler { background: #c9d1d9; color: transparent; border-radius: 3px; }
  .spoiler:hover { color: inherit; background: none; }
  .meta { font-size: 0.8rem; color: #7d8b99; } .blocked { color: #c0392b; }
  .notice { background: #fdecea; color: #922; padding: 0.5rem 0.75rem; border-radius: 8px; }
  .empty { color: #7d8b99; } a { color: #2a7ab8; } .nav { margin-top: 1.25rem; }`;

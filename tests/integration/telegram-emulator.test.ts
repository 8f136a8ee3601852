// The Telegram emulator itself, over real HTTP: if its replies drift from the Bot API's, every
// test of the app's Telegram sender built on it proves nothing. (The integration project gives
// this file a database too; it is not used here.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "@/sandbox/telegram/emulator";

const TOKEN = "123456789:AAEmulatedTokenForTests_abcdefghij";

interface BotReply {
  ok: boolean;
  result?: Record<string, unknown> & { message_id: number; text: string };
  error_code?: number;
  description?: string;
  parameters?: { retry_after: number };
}

describe("Telegram emulator", () => {
  let telegram: TelegramEmulator;
  let chat = 1000;
  /** A fresh private chat id per test, so the shared emulator's state never leaks between tests. */
  const newChat = () => String(++chat);

  const send = async (body: unknown, token = TOKEN) => {
    const response = await fetch(`${telegram.url}/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as BotReply };
  };
  const control = (path: string, body?: unknown) =>
    fetch(`${telegram.url}/_emulator${path}`, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const callsFor = (chatId: string) => telegram.calls.filter((c) => c.chatId === chatId).map((c) => c.status);

  beforeAll(async () => {
    telegram = await startTelegramEmulator({ token: TOKEN });
  });
  afterAll(async () => {
    await telegram.close();
  });

  describe("sendMessage", () => {
    it("accepts a JSON message and answers with Telegram's Message object", async () => {
      const chatId = newChat();
      const { status, json } = await send({
        chat_id: chatId,
        text: "Payment received: 49.00 USD",
        link_preview_options: { is_disabled: true },
      });
      expect(status).toBe(200);
      expect(json).toEqual({
        ok: true,
        result: {
          message_id: expect.any(Number) as unknown,
          from: { id: 123456789, is_bot: true, first_name: "Emulated Bot", username: "emulated_bot" },
          chat: { id: Number(chatId), first_name: "Chat", last_name: chatId, type: "private" },
          date: expect.any(Number) as unknown,
          text: "Payment received: 49.00 USD",
          link_preview_options: { is_disabled: true },
        },
      });
      expect(Math.abs((json.result!.date as number) - Date.now() / 1000)).toBeLessThan(5);
      const [message] = telegram.messages.filter((m) => m.chatId === chatId);
      expect(message).toEqual({
        messageId: json.result!.message_id,
        chatId,
        text: "Payment received: 49.00 USD",
        at: expect.any(Date) as unknown,
      });
      expect(callsFor(chatId)).toEqual([200]);
    });

    it("reads form-encoded and multipart bodies too, and numeric chat ids", async () => {
      const chatId = newChat();
      const form = new URLSearchParams({
        chat_id: chatId,
        text: "form",
        link_preview_options: '{"is_disabled":true}',
      });
      const urlencoded = await fetch(`${telegram.url}/bot${TOKEN}/sendMessage`, {
        method: "POST",
        body: form,
      });
      expect(urlencoded.status).toBe(200);
      const multipart = new FormData();
      multipart.set("chat_id", chatId);
      multipart.set("text", "multipart");
      expect(
        (await fetch(`${telegram.url}/bot${TOKEN}/SENDMESSAGE`, { method: "POST", body: multipart })).status,
      ).toBe(200);
      expect((await send({ chat_id: Number(chatId), text: "number" })).status).toBe(200);
      expect(telegram.messages.filter((m) => m.chatId === chatId).map((m) => m.text)).toEqual([
        "form",
        "multipart",
        "number",
      ]);
    });

    it("refuses a wrong token with 401 Unauthorized, and records the call", async () => {
      const chatId = newChat();
      const { status, json } = await send({ chat_id: chatId, text: "hi" }, "123456789:wrong");
      expect(status).toBe(401);
      expect(json).toEqual({ ok: false, error_code: 401, description: "Unauthorized" });
      expect(callsFor(chatId)).toEqual([401]);
      expect(telegram.messages.some((m) => m.chatId === chatId)).toBe(false);
    });

    it.each([
      ["an empty text", { text: "" }, "Bad Request: message text is empty"],
      ["a blank text", { text: "  \n " }, "Bad Request: message text is empty"],
      ["no text", {}, "Bad Request: message text is empty"],
      ["a text over 4096 characters", { text: "x".repeat(4097) }, "Bad Request: message is too long"],
      ["no chat_id", { chat_id: undefined, text: "hi" }, "Bad Request: chat_id is empty"],
      ["an unknown parse_mode", { text: "hi", parse_mode: "BBCode" }, "Bad Request: unsupported parse_mode"],
    ])("refuses %s with 400", async (_, patch, description) => {
      const { status, json } = await send({ chat_id: newChat(), ...patch });
      expect(status).toBe(400);
      expect(json).toEqual({ ok: false, error_code: 400, description });
    });

    it("accepts exactly 4096 characters", async () => {
      expect((await send({ chat_id: newChat(), text: "x".repeat(4096) })).status).toBe(200);
    });

    it("parses HTML like Telegram: entities out, malformed markup refused", async () => {
      const ok = await send({
        chat_id: newChat(),
        text: "<b>Paid</b> 49 &lt;USD&gt; & <a href='https://x.test'>receipt</a>",
        parse_mode: "HTML",
      });
      expect(ok.json.result).toMatchObject({
        text: "Paid 49 <USD> & receipt",
        entities: [
          { type: "bold", offset: 0, length: 4 },
          { type: "text_link", offset: 16, length: 7, url: "https://x.test" },
        ],
      });
      for (const [text, description] of [
        ["Price < 100", 'Unsupported start tag "" at byte offset 6'],
        ["<b>bold", 'Can\'t find end tag corresponding to start tag "b"'],
        ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
        ["é <script>", 'Unsupported start tag "script" at byte offset 3'],
      ]) {
        const { status, json } = await send({ chat_id: newChat(), text, parse_mode: "HTML" });
        expect(status).toBe(400);
        expect(json.description).toBe(`Bad Request: can't parse entities: ${description}`);
      }
    });

    it("refuses unescaped reserved characters in MarkdownV2", async () => {
      const bad = await send({ chat_id: newChat(), text: "*Paid* 49.00 USD", parse_mode: "MarkdownV2" });
      expect(bad.json).toEqual({
        ok: false,
        error_code: 400,
        description:
          "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
      });
      const good = await send({ chat_id: newChat(), text: "*Paid* 49\\.00 USD", parse_mode: "MarkdownV2" });
      expect(good.json.result?.text).toBe("Paid 49.00 USD");
      expect(telegram.messages.at(-1)).toMatchObject({ text: "*Paid* 49\\.00 USD", parseMode: "MarkdownV2" });
    });
  });

  describe("failures", () => {
    it("429 with retry_after for the next calls of one chat, as Telegram sends it", async () => {
      const chatId = newChat();
      const other = newChat();
      telegram.failNext({ status: 429, retryAfter: 3 }, { chatId, count: 2 });
      expect((await send({ chat_id: other, text: "unaffected" })).status).toBe(200);
      for (let i = 0; i < 2; i++) {
        const { status, json } = await send({ chat_id: chatId, text: "hello" });
        expect(status).toBe(429);
        expect(json).toEqual({
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 3",
          parameters: { retry_after: 3 },
        });
      }
      expect((await send({ chat_id: chatId, text: "hello" })).status).toBe(200);
      expect(callsFor(chatId)).toEqual([429, 429, 200]);
      expect(telegram.messages.filter((m) => m.chatId === chatId)).toHaveLength(1);
    });

    it("403 once for any chat with failNext, always for a blocked chat until unblocked", async () => {
      const chatId = newChat();
      telegram.failNext({ status: 403 });
      const once = await send({ chat_id: chatId, text: "hi" });
      expect(once).toEqual({
        status: 403,
        json: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" },
      });
      expect((await send({ chat_id: chatId, text: "hi" })).status).toBe(200);

      telegram.block(chatId);
      expect((await send({ chat_id: chatId, text: "a" })).status).toBe(403);
      expect((await send({ chat_id: chatId, text: "b" })).status).toBe(403);
      expect(await (await control(`/chats/${chatId}/unblock`)).json()).toEqual({ chatId, blocked: false });
      expect((await send({ chat_id: chatId, text: "c" })).status).toBe(200);
      expect(callsFor(chatId)).toEqual([403, 200, 403, 403, 200]);
    });

    it("queues failures and blocks over HTTP", async () => {
      const chatId = newChat();
      expect(
        (await control("/fail-next", { status: 429, retryAfter: 1, chatId: Number(chatId) })).status,
      ).toBe(200);
      expect((await send({ chat_id: chatId, text: "x" })).json.parameters).toEqual({ retry_after: 1 });
      expect((await control("/fail-next", { status: 500 })).status).toBe(400);
      expect((await control("/fail-next", { status: 429 })).status).toBe(400);
      await control(`/chats/${chatId}/block`);
      expect((await send({ chat_id: chatId, text: "x" })).status).toBe(403);
      await control(`/chats/${chatId}/unblock`);
      expect((await send({ chat_id: chatId, text: "x" })).status).toBe(200);
    });
  });

  describe("inspection", () => {
    it("lists a chat's messages as JSON", async () => {
      const chatId = newChat();
      await send({ chat_id: chatId, text: "one" });
      await send({ chat_id: chatId, text: "two", parse_mode: "HTML" });
      await send({ chat_id: newChat(), text: "elsewhere" });
      const list = (await (
        await fetch(`${telegram.url}/_emulator/messages?chat_id=${chatId}`)
      ).json()) as Array<Record<string, unknown>>;
      expect(list.map((m) => [m.chatId, m.text, m.parseMode])).toEqual([
        [chatId, "one", undefined],
        [chatId, "two", "HTML"],
      ]);
      expect(typeof list[0]!.at).toBe("string");
    });

    it("shows a chat's messages newest first on a clean page, escaped or rendered", async () => {
      const chatId = newChat();
      await send({ chat_id: chatId, text: "first <script>alert(1)</script>" });
      await send({
        chat_id: chatId,
        text: '<b>second</b> <a href="javascript:alert(1)">link</a>',
        parse_mode: "HTML",
      });
      const response = await fetch(`${telegram.url}/_emulator/chats/${chatId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html.indexOf("second")).toBeLessThan(html.indexOf("first"));
      expect(html).toContain("first &#60;script&#62;alert(1)&#60;/script&#62;");
      expect(html).toContain("<b>second</b> <a>link</a>");
      expect(html).not.toMatch(/<(script|link)\b/);
      expect(html).not.toContain("javascript:");

      const index = await (await fetch(`${telegram.url}/_emulator/chats`)).text();
      expect(index).toContain(`href="/_emulator/chats/${chatId}"`);
      expect(index).toMatch(new RegExp(`Chat ${chatId}</a>\\s*<span class="meta">2 messages`));
    });

    it("answers getMe, and 404 for methods it does not emulate", async () => {
      const me = (await (await fetch(`${telegram.url}/bot${TOKEN}/getMe`)).json()) as BotReply;
      expect(me).toEqual({
        ok: true,
        result: { id: 123456789, is_bot: true, first_name: "Emulated Bot", username: "emulated_bot" },
      });
      const unknown = await fetch(`${telegram.url}/bot${TOKEN}/sendPhoto`, { method: "POST" });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ ok: false, error_code: 404, description: "Not Found" });
    });
  });

  describe("the user side: updates, buttons, edits", () => {
    const api = async (method: string, body: unknown = {}) => {
      const response = await fetch(`${telegram.url}/bot${TOKEN}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    type Updates = { ok: boolean; result: Array<Record<string, unknown> & { update_id: number }> };
    const getUpdates = async (body: Record<string, unknown>) =>
      (await api("getUpdates", body)).json as Updates;
    /** Confirms every update handed out so far, as a bot does with its next getUpdates. */
    const drain = async () => {
      const { result } = await getUpdates({ timeout: 0 });
      if (result.length > 0) await getUpdates({ offset: result.at(-1)!.update_id + 1, timeout: 0 });
    };
    const keyboard = {
      inline_keyboard: [
        [
          { text: "Top up", callback_data: "topup" },
          { text: "Site", url: "https://x.test/pay" },
        ],
      ],
    };

    it("hands a user's message to getUpdates as Telegram does, command entity included, until confirmed", async () => {
      await drain();
      const chatId = newChat();
      const sent = telegram.send(chatId, "/start hello", { languageCode: "ru", firstName: "Ivan" });
      const { result } = await getUpdates({ timeout: 5 });
      expect(result).toEqual([
        {
          update_id: expect.any(Number) as unknown,
          message: {
            message_id: expect.any(Number) as unknown,
            from: { id: Number(chatId), is_bot: false, first_name: "Ivan", language_code: "ru" },
            chat: { id: Number(chatId), first_name: "Chat", last_name: chatId, type: "private" },
            date: expect.any(Number) as unknown,
            text: "/start hello",
            entities: [{ type: "bot_command", offset: 0, length: 6 }],
          },
        },
      ]);
      // Not confirmed yet: asked again, the same update comes back.
      expect((await getUpdates({ timeout: 0 })).result.map((u) => u.update_id)).toEqual([
        result[0]!.update_id,
      ]);
      await getUpdates({ offset: result[0]!.update_id + 1, timeout: 0 });
      expect((await sent).delivery).toEqual({ via: "polling", confirmed: true });
      expect((await getUpdates({ timeout: 0 })).result).toEqual([]);
      expect(telegram.actions.at(-1)).toMatchObject({ chatId, kind: "message", text: "/start hello" });
    });

    it("holds a long poll until an update comes, and ends an older poll with 409", async () => {
      await drain();
      const first = fetch(`${telegram.url}/bot${TOKEN}/getUpdates?timeout=10`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const second = getUpdates({ timeout: 10 });
      const ended = await first;
      expect(ended.status).toBe(409);
      expect(((await ended.json()) as { description: string }).description).toBe(
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      );
      const chatId = newChat();
      void telegram.send(chatId, "hi", { waitMs: 200 });
      const { result } = await second;
      expect(result).toHaveLength(1);
      expect(result[0]!.message).toMatchObject({ text: "hi" });
      expect(result[0]!.message).not.toHaveProperty("entities");
      await drain();
      const started = Date.now();
      expect((await getUpdates({ timeout: 1 })).result).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it("sends messages with inline keyboards, and a press is a callback query the bot answers once", async () => {
      await drain();
      const chatId = newChat();
      const { json } = await api("sendMessage", {
        chat_id: chatId,
        text: "Balance: 0",
        reply_markup: keyboard,
      });
      const message = json.result as { message_id: number; reply_markup: unknown };
      expect(message.reply_markup).toEqual(keyboard);
      expect(telegram.messages.at(-1)?.buttons).toEqual([
        [
          { text: "Top up", callbackData: "topup" },
          { text: "Site", url: "https://x.test/pay" },
        ],
      ]);
      expect(await telegram.press(chatId, message.message_id, { text: "Site" })).toEqual({
        kind: "url",
        url: "https://x.test/pay",
      });
      const pressed = telegram.press(chatId, message.message_id, { data: "topup" }, { waitMs: 5_000 });
      const { result } = await getUpdates({ timeout: 5 });
      const query = result[0]!.callback_query as {
        id: string;
        data: string;
        message: { message_id: number };
      };
      expect(query).toMatchObject({
        data: "topup",
        message: { message_id: message.message_id, reply_markup: keyboard },
      });
      expect(
        (await api("answerCallbackQuery", { callback_query_id: query.id, text: "Opening…" })).status,
      ).toBe(200);
      const again = await api("answerCallbackQuery", { callback_query_id: query.id });
      expect(again.json.description).toBe(
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
      );
      await getUpdates({ offset: result[0]!.update_id + 1, timeout: 0 });
      expect(await pressed).toMatchObject({ kind: "update", delivery: { via: "polling", confirmed: true } });
      expect(telegram.callbackAnswers.at(-1)).toMatchObject({ chatId, text: "Opening…", showAlert: false });
      await expect(telegram.press(chatId, message.message_id, { text: "Nope" })).rejects.toThrow(/no button/);
    });

    it("refuses keyboards Telegram refuses", async () => {
      const send = (reply_markup: unknown) =>
        api("sendMessage", { chat_id: newChat(), text: "x", reply_markup });
      expect(
        (await send({ inline_keyboard: [[{ text: "a", callback_data: "x".repeat(65) }]] })).json.description,
      ).toBe("Bad Request: BUTTON_DATA_INVALID");
      expect((await send({ inline_keyboard: [[{ text: "a" }]] })).status).toBe(400);
      expect((await send({ inline_keyboard: [[{ text: "a", url: "javascript:alert(1)" }]] })).status).toBe(
        400,
      );
      expect((await send(JSON.stringify(keyboard))).status).toBe(200);
    });

    it("edits a message's text and buttons; an edit without reply_markup takes the buttons away", async () => {
      const chatId = newChat();
      const { json } = await api("sendMessage", { chat_id: chatId, text: "Choose", reply_markup: keyboard });
      const messageId = (json.result as { message_id: number }).message_id;
      const same = await api("editMessageText", {
        chat_id: chatId,
        message_id: messageId,
        text: "Choose",
        reply_markup: keyboard,
      });
      expect(same.json.description).toMatch(/^Bad Request: message is not modified/);
      const markupOnly = await api("editMessageReplyMarkup", {
        chat_id: chatId,
        message_id: messageId,
        reply_markup: { inline_keyboard: [[{ text: "Back", callback_data: "back" }]] },
      });
      expect(markupOnly.json.result).toMatchObject({
        text: "Choose",
        reply_markup: { inline_keyboard: [[{ text: "Back", callback_data: "back" }]] },
      });
      const edited = await api("editMessageText", {
        chat_id: chatId,
        message_id: messageId,
        text: "<b>Done</b>",
        parse_mode: "HTML",
      });
      expect(edited.json.result).toMatchObject({ text: "Done", edit_date: expect.any(Number) as unknown });
      expect(edited.json.result).not.toHaveProperty("reply_markup");
      expect(telegram.messages.find((m) => m.messageId === messageId)).toMatchObject({
        text: "<b>Done</b>",
        parseMode: "HTML",
        editedAt: expect.any(Date) as unknown,
      });
      expect(
        (await api("editMessageText", { chat_id: chatId, message_id: 999_999, text: "x" })).json.description,
      ).toBe("Bad Request: message to edit not found");
      expect(telegram.calls.filter((c) => c.chatId === chatId).map((c) => [c.method, c.status])).toEqual([
        ["sendMessage", 200],
        ["editMessageText", 400],
        ["editMessageReplyMarkup", 200],
        ["editMessageText", 200],
        ["editMessageText", 400],
      ]);
    });

    it("posts updates to a webhook with its secret_token, refuses getUpdates meanwhile, and goes back to polling", async () => {
      await drain();
      const received: Array<{ secret: string | undefined; body: { update_id: number } }> = [];
      const { createServer } = await import("node:http");
      const hook = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          received.push({
            secret: req.headers["x-telegram-bot-api-secret-token"] as string | undefined,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as { update_id: number },
          });
          res.writeHead(received.length === 1 ? 200 : 401).end();
        });
      });
      await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;
      try {
        expect((await api("setWebhook", { url, secret_token: "bad secret!" })).json.description).toBe(
          "Bad Request: secret token contains unallowed characters",
        );
        expect((await api("setWebhook", { url, secret_token: "s3cret_-X" })).json).toEqual({
          ok: true,
          result: true,
          description: "Webhook was set",
        });
        expect((await api("getUpdates")).status).toBe(409);
        const chatId = newChat();
        expect((await telegram.send(chatId, "/help")).delivery).toEqual({ via: "webhook", status: 200 });
        expect((await telegram.send(chatId, "/help")).delivery).toEqual({ via: "webhook", status: 401 });
        expect(received.map((r) => r.secret)).toEqual(["s3cret_-X", "s3cret_-X"]);
        expect(received[0]!.body).toMatchObject({ message: { text: "/help" } });
        expect(telegram.webhook).toMatchObject({ url, hasSecretToken: true });
        expect(telegram.webhook.deliveries.slice(-2).map((d) => d.status)).toEqual([200, 401]);
      } finally {
        expect((await api("deleteWebhook")).json.description).toBe("Webhook was deleted");
        await new Promise<void>((resolve) => hook.close(() => resolve()));
      }
      expect((await api("getUpdates")).status).toBe(200);
      expect(
        (await api("setMyCommands", { commands: [{ command: "help", description: "Help" }] })).status,
      ).toBe(200);
      expect(telegram.commands.get("")).toEqual([{ command: "help", description: "Help" }]);
    });

    it("lets a person write and press buttons on the chat page, and a test do the same over HTTP", async () => {
      await drain();
      const chatId = newChat();
      const { json } = await api("sendMessage", { chat_id: chatId, text: "Menu", reply_markup: keyboard });
      const messageId = (json.result as { message_id: number }).message_id;
      const html = await (await fetch(`${telegram.url}/_emulator/chats/${chatId}`)).text();
      expect(html).toContain(
        `<form class="composer" method="post" action="/_emulator/chats/${chatId}/send">`,
      );
      expect(html).toContain(`<input type="hidden" name="position" value="0,0">`);
      expect(html).toContain(`<a class="button" href="https://x.test/pay" rel="noreferrer">Site ↗</a>`);

      const posted = fetch(`${telegram.url}/_emulator/chats/${chatId}/send`, {
        method: "POST",
        body: new URLSearchParams({ text: "hello bot", language_code: "ru" }),
        redirect: "manual",
      });
      // The page goes back to the chat once the bot has the update (here: this test, polling).
      const { result } = await getUpdates({ timeout: 5 });
      await getUpdates({ offset: result.at(-1)!.update_id + 1, timeout: 0 });
      const form = await posted;
      expect(form.status).toBe(303);
      expect(form.headers.get("location")).toBe(`/_emulator/chats/${chatId}`);
      expect(telegram.userOf(chatId).languageCode).toBe("ru");
      const page = await (await fetch(`${telegram.url}/_emulator/chats/${chatId}`)).text();
      expect(page).toMatch(/<li class="from-user"[^>]*>\s*<div class="text">hello bot<\/div>/);

      const pressed = await fetch(`${telegram.url}/_emulator/chats/${chatId}/press`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ messageId, button: "Top up", wait: false }),
      });
      expect(await pressed.json()).toMatchObject({
        update: { callback_query: { data: "topup" } },
        delivery: null,
      });
      const byPlace = await fetch(`${telegram.url}/_emulator/chats/${chatId}/press`, {
        method: "POST",
        body: new URLSearchParams({ message_id: String(messageId), position: "0,1" }),
        redirect: "manual",
      });
      expect(byPlace.headers.get("location")).toBe("https://x.test/pay"); // a URL button: its link
      const missing = await fetch(`${telegram.url}/_emulator/chats/${chatId}/press`, {
        method: "POST",
        body: JSON.stringify({ messageId: 999_999, button: "Top up" }),
      });
      expect(missing.status).toBe(404);
      await drain();
    });
  });

  it("close() returns promptly with a keep-alive connection open", async () => {
    const short = await startTelegramEmulator({ token: TOKEN });
    await fetch(`${short.url}/`);
    const started = Date.now();
    await short.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

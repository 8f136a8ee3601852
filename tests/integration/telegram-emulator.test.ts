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

  it("close() returns promptly with a keep-alive connection open", async () => {
    const short = await startTelegramEmulator({ token: TOKEN });
    await fetch(`${short.url}/`);
    const started = Date.now();
    await short.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

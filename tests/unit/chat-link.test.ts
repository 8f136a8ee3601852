import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkChatLink, signChatId } from "@/lib/telegram/chat-link";

const SECRET = "a-link-secret-of-enough-length";

describe("Telegram bot links (tg_id + sig)", () => {
  it("signs the chat id with HMAC-SHA256, hex, as a bot would", () => {
    expect(signChatId("12345", SECRET)).toBe(createHmac("sha256", SECRET).update("12345").digest("hex"));
  });

  it("accepts the bot's signature, for people and for groups", () => {
    for (const chatId of ["12345", "-1001234567890"]) {
      expect(checkChatLink(chatId, signChatId(chatId, SECRET), SECRET)).toEqual({ ok: true, chatId });
    }
  });

  it("accepts an upper-case hex signature", () => {
    expect(checkChatLink("12345", signChatId("12345", SECRET).toUpperCase(), SECRET).ok).toBe(true);
  });

  it.each([
    ["no sig", "12345", undefined, "missing"],
    ["no tg_id", undefined, "ab".repeat(32), "missing"],
    ["an empty sig", "12345", "", "missing"],
    ["a chat id that is not a number", "12a45", "ab".repeat(32), "malformed"],
    ["a leading zero", "012345", "ab".repeat(32), "malformed"],
    ["a short sig", "12345", "abcd", "malformed"],
    ["another chat's sig", "12345", signChatId("54321", SECRET), "bad_signature"],
    [
      "a sig made with another secret",
      "12345",
      signChatId("12345", "another-secret-entirely"),
      "bad_signature",
    ],
  ])("refuses %s", (_, tgId, sig, reason) => {
    expect(checkChatLink(tgId, sig, SECRET)).toEqual({ ok: false, reason });
  });

  it("refuses every link when no secret is configured", () => {
    expect(checkChatLink("12345", signChatId("12345", SECRET), undefined)).toEqual({
      ok: false,
      reason: "not_configured",
    });
  });
});

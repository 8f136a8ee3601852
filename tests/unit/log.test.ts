import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { pathOf, requestIdOf } from "@/lib/http/request-log";
import { createLogger, logLevel, REDACTED } from "@/lib/log";

function capture(level = "trace") {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level }, sink), lines };
}

describe("the logger", () => {
  it("writes one JSON line with a level word, an ISO time and the fields given", () => {
    const { log, lines } = capture();
    log.child({ component: "webhook" }).info({ provider: "stripe", outcome: "received" }, "webhook delivery");
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        component: "webhook",
        provider: "stripe",
        outcome: "received",
        msg: "webhook delivery",
      }),
    ]);
  });

  it("censors credentials in headers and secret fields, to two levels deep", () => {
    const { log, lines } = capture();
    log.warn(
      {
        headers: {
          authorization: "Bearer bk_x",
          cookie: "next-auth.session-token=abc",
          "set-cookie": ["a=b"],
          "stripe-signature": "t=1,v1=00",
          "x-telegram-bot-api-secret-token": "s3cret",
          "x-api-key": "k",
          "content-type": "application/json",
        },
        password: "p",
        user: { email: "a@example.com", password: "p" },
        request: { headers: { Authorization: "Basic eA==" } },
        provider: { secretKey: "sk", token: "t", apiKey: "k", signature: "s" },
      },
      "asked",
    );
    const [line] = lines;
    expect(line).toMatchObject({
      headers: {
        authorization: REDACTED,
        cookie: REDACTED,
        "set-cookie": REDACTED,
        "stripe-signature": REDACTED,
        "x-telegram-bot-api-secret-token": REDACTED,
        "x-api-key": REDACTED,
        "content-type": "application/json",
      },
      password: REDACTED,
      user: { email: "a@example.com", password: REDACTED },
      request: { headers: { Authorization: REDACTED } },
      provider: { secretKey: REDACTED, token: REDACTED, apiKey: REDACTED, signature: REDACTED },
    });
  });

  it("logs errors with their type, message and stack", () => {
    const { log, lines } = capture();
    log.error({ err: new TypeError("broken") }, "failed");
    expect(lines[0]).toMatchObject({ err: { type: "TypeError", message: "broken" } });
    expect((lines[0]!.err as { stack: string }).stack).toContain("TypeError: broken");
  });

  it("takes LOG_LEVEL's levels, and info for anything else", () => {
    expect(logLevel("DEBUG")).toBe("debug");
    expect(logLevel("silent")).toBe("silent");
    expect(logLevel(undefined)).toBe("info");
    expect(logLevel("loud")).toBe("info");
    const { log, lines } = capture("warn");
    log.info("not written");
    log.warn("written");
    expect(lines.map((line) => line.msg)).toEqual(["written"]);
  });
});

describe("request lines", () => {
  it("keep the caller's request id only when it is a short token", () => {
    expect(requestIdOf("abc-123_X.y")).toBe("abc-123_X.y");
    for (const bad of [undefined, "", "a b", "x".repeat(65), "<script>", ["a", "b"]]) {
      expect(requestIdOf(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("log the path without its query string", () => {
    expect(pathOf("/pay/course?tg_id=1&sig=abc")).toBe("/pay/course");
    expect(pathOf("/dashboard#top")).toBe("/dashboard");
    expect(pathOf("/api/health")).toBe("/api/health");
    expect(pathOf(undefined)).toBe("/");
  });
});

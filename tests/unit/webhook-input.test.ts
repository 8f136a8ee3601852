import { describe, expect, it } from "vitest";
import { settledFor } from "@/lib/billing/payments/transitions";
import {
  HEADERS_TOTAL_BYTES,
  HEADER_VALUE_BYTES,
  keptHeaders,
  truncateBody,
} from "@/lib/billing/webhooks/inbox";
import { decode, escapeNul } from "@/lib/billing/webhooks/read-body";

describe("a delivery's body", () => {
  it("is taken as it is when it is UTF-8 text", () => {
    expect(decode(Buffer.from('{"a":"é ✓"}'))).toEqual({ kind: "ok", body: '{"a":"é ✓"}' });
  });

  it("is refused with a NUL byte, and what is kept of it has none", () => {
    const read = decode(Buffer.from('{"a":"\u0000"}'));
    expect(read).toMatchObject({ kind: "unreadable", reason: "body contains a NUL byte" });
    expect(read.kind === "unreadable" && read.recorded).toBe('{"a":"\\u0000"}');
  });

  it("is refused when it is not valid UTF-8, and what is kept of it is text without NULs", () => {
    const read = decode(new Uint8Array([0x41, 0xc3, 0x28, 0x00, 0xff]));
    expect(read.kind).toBe("unreadable");
    expect(read.kind === "unreadable" && read.recorded.includes("\u0000")).toBe(false);
  });

  it("escapes every NUL, not just the first", () => {
    expect(escapeNul("a\u0000b\u0000")).toBe("a\\u0000b\\u0000");
  });

  it("is cut on a character boundary when a refused one is kept", () => {
    const kept = truncateBody("é".repeat(5000));
    expect(kept).toMatch(/^é+… \[10000 bytes, truncated\]$/);
  });
});

describe("the headers kept of a delivery", () => {
  it("are only the ones that identify and authenticate it", () => {
    const kept = keptHeaders(
      new Headers({ "stripe-signature": "t=1,v1=ab", cookie: "secret", authorization: "x" }),
    );
    expect(kept).toEqual({ "stripe-signature": "t=1,v1=ab" });
  });

  it("are capped one by one and in all", () => {
    const huge = "x".repeat(10_000);
    const kept = keptHeaders(
      new Headers({ "user-agent": huge, "x-forwarded-for": huge, "x-real-ip": huge, "content-type": huge }),
    );
    for (const value of Object.values(kept))
      expect(Buffer.byteLength(value)).toBeLessThan(HEADER_VALUE_BYTES + 40);
    const total = Object.entries(kept).reduce(
      (sum, [name, value]) => sum + name.length + Buffer.byteLength(value),
      0,
    );
    expect(total).toBeLessThanOrEqual(HEADERS_TOTAL_BYTES);
  });
});

describe("when an event can no longer move a payment", () => {
  it("a report of payment finds completed, failed, canceled and refunded payments settled", () => {
    expect(settledFor(["completed"]).sort()).toEqual(["canceled", "completed", "failed", "refunded"]);
  });

  it("a refund finds only payments that can never be paid settled: not one whose completion is queued", () => {
    expect(settledFor(["refunded"]).sort()).toEqual(["canceled", "failed", "refunded"]);
  });

  it("a re-fetched CryptoCloud invoice can still move a pending, partly paid or expired one", () => {
    const settled = settledFor(["partially_paid", "completed", "expired"]);
    expect(settled).not.toContain("pending");
    expect(settled).not.toContain("partially_paid");
    expect(settled).not.toContain("expired");
    expect(settled).toContain("completed");
  });
});

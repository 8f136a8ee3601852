import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhook/payment/route";
import { HEADERS_TOTAL_BYTES, HEADER_VALUE_BYTES } from "@/lib/billing/webhooks/inbox";
import { db } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER, trustClientAddressHeader } from "@/lib/http/client-address";
import { RATE_LIMITS } from "@/lib/rate-limit";
import { STRIPE_WEBHOOK_SECRET, customerWithSession, withStripeEmulator } from "./stripe-context";
import { withCryptoCloudEmulator } from "./cryptocloud-context";

// What strangers can send to the public webhook URL: bodies PostgreSQL can't store as text, huge
// headers, floods of junk, and authentic-but-malformed events. None of it may be a 500, fill the
// disk, or move a payment.

withCryptoCloudEmulator();
withStripeEmulator();
// Requests here carry the client address as scripts/next-server.ts sets it, one address per test.
trustClientAddressHeader();

let address = 0;
function nextAddress(): string {
  address += 1;
  return `203.0.113.${address}`;
}

function post(body: BodyInit, headers: Record<string, string>, from: string) {
  return POST(
    new Request("http://127.0.0.1/api/webhook/payment", {
      method: "POST",
      headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: from, ...headers },
      body,
    }),
  );
}

const latest = () => db.webhookDelivery.findFirstOrThrow({ orderBy: { receivedAt: "desc" } });

describe("hostile deliveries", () => {
  it("answers a raw NUL byte with 400 and records the call, escaped", async () => {
    const from = nextAddress();
    const response = await post('{"invoice_id":"INV-1\u0000","token":"x"}', {}, from);
    expect(response.status).toBe(400);
    const delivery = await latest();
    expect(delivery).toMatchObject({ outcome: "rejected", provider: "unknown", remoteIp: from });
    expect(delivery.error).toBe("body contains a NUL byte");
    expect(delivery.body).toContain("\\u0000");
  });

  it("answers invalid UTF-8 with 400 and records the call", async () => {
    const from = nextAddress();
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]);
    const response = await post(bytes, {}, from);
    expect(response.status).toBe(400);
    expect(await latest()).toMatchObject({ outcome: "rejected", error: "body is not valid UTF-8" });
  });

  it("never answers 500 to random bytes (none of 300 hostile bodies)", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i += 1) {
      const bytes = new Uint8Array(1 + ((i * 37) % 200));
      for (let j = 0; j < bytes.length; j += 1) bytes[j] = (i * 131 + j * 17) % 256;
      const response = await post(
        bytes,
        { "content-type": i % 2 ? "application/json" : "text/plain" },
        nextAddress(),
      );
      statuses.add(response.status);
    }
    expect([...statuses].every((status) => status >= 400 && status < 500)).toBe(true);
  });

  it("caps what it stores of a sender's headers", async () => {
    const huge = "A".repeat(20_000);
    const response = await post(
      "{}",
      { "user-agent": huge, "x-forwarded-for": huge, "x-real-ip": huge },
      nextAddress(),
    );
    expect(response.status).toBe(400);
    const headers = (await latest()).headers as Record<string, string>;
    const stored = JSON.stringify(headers);
    expect(Buffer.byteLength(stored)).toBeLessThan(HEADERS_TOTAL_BYTES + 200);
    for (const value of Object.values(headers)) {
      expect(Buffer.byteLength(value)).toBeLessThan(HEADER_VALUE_BYTES + 50);
    }
  });

  it("limits rejected deliveries per client address: 429 with Retry-After, not recorded", async () => {
    const flood = nextAddress();
    const { points } = RATE_LIMITS["webhook-rejected"];
    const before = await db.webhookDelivery.count();
    const answers = [];
    for (let i = 0; i < points + 5; i += 1) answers.push(await post("{}", {}, flood));
    const statuses = answers.map((response) => response.status);
    expect(statuses.slice(0, points)).toEqual(Array(points).fill(400));
    expect(statuses.slice(points)).toEqual(Array(5).fill(429));
    const retryAfter = Number(answers.at(-1)!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await db.webhookDelivery.count()).toBe(before + points);

    // Another address is not affected…
    expect((await post("{}", {}, nextAddress())).status).toBe(400);
    // …and an authentic delivery from the limited address is still taken.
    const { sessionId } = await customerWithSession();
    const authentic = signed({
      id: "evt_after_flood",
      type: "checkout.session.expired",
      data: { object: { id: sessionId, amount_total: null, currency: "usd", payment_status: "unpaid" } },
    });
    const accepted = await post(authentic.body, { "stripe-signature": authentic.header }, flood);
    expect(accepted.status).toBe(200);
  });
});

function signed(event: object) {
  const body = JSON.stringify(event);
  const header = new Stripe("sk_test_unused").webhooks.generateTestHeaderString({
    payload: body,
    secret: STRIPE_WEBHOOK_SECRET,
  });
  return { body, header };
}

describe("the limits on refused deliveries", () => {
  it("counts every address of an IPv6 /64 as one client", async () => {
    const { points } = RATE_LIMITS["webhook-rejected"];
    const statuses = [];
    for (let i = 0; i < points + 1; i += 1) {
      statuses.push((await post("{}", {}, `2001:db8:77:1:${(i + 1).toString(16)}::1`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, points).every((status) => status === 400)).toBe(true);
    expect((await post("{}", {}, "2001:db8:77:2::1")).status).toBe(400);
  });

  it("caps refused deliveries from all addresses together", async () => {
    const { points } = RATE_LIMITS["webhook-rejected-all"];
    const used = await db.rateLimit.findUnique({ where: { key: "webhook-rejected-all:all" } });
    const remaining = points - (used?.points ?? 0);
    const statuses: number[] = [];
    for (let i = 0; i < remaining + 1; i += 1) {
      statuses.push((await post("{}", {}, `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((status) => status === 429)).toHaveLength(1);
  });
});

describe("signed Stripe events that are not shaped as documented", () => {
  it.each([
    ["without data.object", { id: "evt_no_object", type: "checkout.session.completed", data: {} }],
    [
      "with amount_total as a string",
      {
        id: "evt_string_amount",
        type: "checkout.session.completed",
        data: { object: { id: "cs_x", amount_total: "29900", currency: "usd", payment_status: "paid" } },
      },
    ],
    ["without a type", { id: "evt_no_type", data: { object: {} } }],
    [
      "a refund without amounts",
      {
        id: "evt_bad_refund",
        type: "charge.refunded",
        data: { object: { metadata: { order_id: "ord_x" } } },
      },
    ],
  ])("answers an event %s 200 and records it as ignored, with the reason", async (_name, event) => {
    const { body, header } = signed(event);
    const response = await post(body, { "stripe-signature": header }, nextAddress());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, outcome: "ignored" });
    const delivery = await latest();
    expect(delivery).toMatchObject({ outcome: "ignored", verified: true, provider: "stripe" });
    expect(delivery.error).toMatch(/malformed|without an id/);
  });
});

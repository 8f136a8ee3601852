// The CryptoCloud emulator itself, over real HTTP: if it drifts from the API it imitates, every
// test of the app's adapter built on it proves nothing. (The integration project gives this file
// a database too; it is not used here.)
import { createServer, type Server } from "node:http";
import { errors, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type CryptoCloudEmulator, startCryptoCloudEmulator } from "@/sandbox/cryptocloud/emulator";

const API_KEY = "test-api-key";
const SHOP_ID = "test-shop";
const SECRET = "test-secret-key-for-postbacks";
const secretBytes = new TextEncoder().encode(SECRET);

interface Delivery {
  contentType: string;
  body: string;
}

/** A stand-in for the app's POST /api/webhook/payment that records what it receives. */
async function startReceiver(status = 200) {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({
        contentType: req.headers["content-type"] ?? "",
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(status).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/api/webhook/payment`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function api(emulator: CryptoCloudEmulator, path: string, body: unknown, token = `Token ${API_KEY}`) {
  const response = await fetch(`${emulator.apiBase}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & { result: never },
  };
}

async function create(emulator: CryptoCloudEmulator, extra: Record<string, unknown> = {}) {
  const { status, json } = await api(emulator, "/invoice/create", { shop_id: SHOP_ID, amount: 49, ...extra });
  expect(status).toBe(200);
  return json.result as { uuid: string; link: string; [key: string]: unknown };
}

async function info(emulator: CryptoCloudEmulator, uuids: string[]) {
  const { json } = await api(emulator, "/invoice/merchant/info", { uuids });
  return json.result as Array<Record<string, unknown>>;
}

describe("CryptoCloud emulator", () => {
  let receiver: Receiver;
  let emulator: CryptoCloudEmulator;

  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startCryptoCloudEmulator({
      apiKey: API_KEY,
      shopId: SHOP_ID,
      secretKey: SECRET,
      postbackUrl: receiver.url,
      successUrl: "http://app.test/billing/return",
      failUrl: "http://app.test/billing/failed?from=cc",
    });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });
  afterEach(() => {
    vi.useRealTimers();
    receiver.deliveries.length = 0;
  });

  describe("authentication", () => {
    it.each([
      ["no Authorization header", ""],
      ["a wrong token", "Token not-the-key"],
      ["the right key with another scheme", `Bearer ${API_KEY}`],
    ])("refuses %s with 401 and CryptoCloud's error body", async (_, token) => {
      const { status, json } = await api(emulator, "/invoice/create", { shop_id: SHOP_ID, amount: 1 }, token);
      expect(status).toBe(401);
      expect(json).toEqual({ status: "error", result: { authorization: "Unauthorized request." } });
    });

    it("records every API call, refused ones included", async () => {
      const before = emulator.requests.length;
      await api(emulator, "/invoice/merchant/info", { uuids: [] }, "Token nope");
      const recorded = emulator.requests.slice(before);
      expect(recorded).toEqual([
        {
          method: "POST",
          path: "/v2/invoice/merchant/info",
          headers: expect.objectContaining({ authorization: "Token nope" }) as unknown,
          body: { uuids: [] },
        },
      ]);
    });
  });

  describe("invoice/create", () => {
    it("creates an invoice with the documented fields and a hosted page link", async () => {
      const result = await create(emulator, {
        amount: "3229.2",
        currency: "RUB",
        order_id: "ord-1",
        email: "a@b.c",
      });
      expect(result.uuid).toMatch(/^INV-[A-Z0-9]{8}$/);
      const code = result.uuid.slice(4);
      expect(result).toMatchObject({
        status: "created",
        link: `${emulator.url}/pay/${code}`,
        amount: 3229.2,
        amount_in_fiat: 3229.2,
        fiat_currency: "RUB",
        order_id: "ord-1",
        currency: { fullcode: "USDT_TRC20" },
      });
      expect(typeof result.amount_usd).toBe("number");
      expect(result.created).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
      const expiry = new Date(`${String(result.expiry_date).replace(" ", "T")}Z`).getTime();
      expect(Math.abs(expiry - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);
      expect(emulator.getInvoice(code)).toMatchObject({
        amount: "3229.20",
        currency: "RUB",
        received: "0.00",
      });
      expect(emulator.findByOrderId("ord-1")?.uuid).toBe(result.uuid);
    });

    it("honours add_fields.time_to_pay", async () => {
      const result = await create(emulator, { add_fields: { time_to_pay: { hours: 0, minutes: 30 } } });
      const invoice = emulator.getInvoice(result.uuid);
      expect(invoice!.expiresAt.getTime() - invoice!.createdAt.getTime()).toBe(30 * 60_000);
    });

    it.each([
      ["a zero amount", { amount: 0 }],
      ["a negative amount", { amount: -5 }],
      ["a non-numeric amount", { amount: "ten" }],
      ["another shop", { shop_id: "someone-else" }],
      ["an unknown currency", { currency: "XYZ" }],
    ])("refuses %s with a 400 error reply", async (_, patch) => {
      const { status, json } = await api(emulator, "/invoice/create", {
        shop_id: SHOP_ID,
        amount: 10,
        ...patch,
      });
      expect(status).toBe(400);
      expect(json).toMatchObject({
        status: "error",
        result: { validate_error: expect.any(String) as unknown },
      });
    });
  });

  describe("state changes seen through merchant/info", () => {
    it("reports pay full / part / over / exact as paid / partial / overpaid", async () => {
      const [full, part, over, exact] = await Promise.all(
        [0, 1, 2, 3].map(() => create(emulator, { amount: "100.00", currency: "USD" })),
      );
      await emulator.pay(full!.uuid, "full");
      await emulator.pay(part!.uuid.slice(4), "part");
      await emulator.pay(over!.uuid, "over");
      await emulator.pay(exact!.uuid, "12.34");
      const results = await info(emulator, [full!.uuid, part!.uuid.slice(4), over!.uuid, exact!.uuid]);
      expect(results.map((r) => [r.status, r.received, r.amount])).toEqual([
        ["paid", 100, 100],
        ["partial", 50, 100],
        ["overpaid", 110, 100],
        ["partial", 12.34, 100],
      ]);
      expect(results[0]).toMatchObject({ received_usd: 100, fiat_currency: "USD", uuid: full!.uuid });
    });

    it("rounds a partial payment to cents and completes it with the rest", async () => {
      const invoice = await create(emulator, { amount: "0.05" });
      expect((await emulator.pay(invoice.uuid, "part")).invoice).toMatchObject({
        status: "partial",
        received: "0.03",
      });
      expect((await emulator.pay(invoice.uuid, "full")).invoice).toMatchObject({
        status: "paid",
        received: "0.05",
      });
      await expect(emulator.pay(invoice.uuid)).rejects.toThrow(/paid; it cannot be paid/);
    });

    it("reports an expired invoice as canceled, and leaves unknown uuids out", async () => {
      const invoice = await create(emulator);
      emulator.expire(invoice.uuid);
      const results = await info(emulator, [invoice.uuid, "INV-ZZZZZZZZ"]);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ uuid: invoice.uuid, status: "canceled", received: 0 });
    });

    it("turns a created invoice past its expiry_date into canceled when read", async () => {
      const invoice = await create(emulator, { add_fields: { time_to_pay: { hours: 1 } } });
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(Date.now() + 61 * 60_000);
      expect((await info(emulator, [invoice.uuid]))[0]).toMatchObject({ status: "canceled" });
      expect(emulator.getInvoice(invoice.uuid)?.status).toBe("canceled");
    });

    it("refuses more than 100 uuids", async () => {
      const uuids = Array.from({ length: 101 }, (_, i) => `INV-${String(i).padStart(8, "0")}`);
      const { status, json } = await api(emulator, "/invoice/merchant/info", { uuids });
      expect(status).toBe(400);
      expect(json.status).toBe("error");
    });
  });

  describe("merchant/canceled", () => {
    it("cancels only while created", async () => {
      const invoice = await create(emulator);
      expect((await api(emulator, "/invoice/merchant/canceled", { uuid: invoice.uuid })).json).toEqual({
        status: "success",
        result: ["ok"],
      });
      const again = await api(emulator, "/invoice/merchant/canceled", { uuid: invoice.uuid });
      expect(again.status).toBe(400);
      expect(again.json).toEqual({ status: "error", result: { validate_error: "Invoice is not created" } });

      const paid = await create(emulator);
      await emulator.pay(paid.uuid);
      expect((await api(emulator, "/invoice/merchant/canceled", { uuid: paid.uuid })).json.status).toBe(
        "error",
      );
      expect((await api(emulator, "/invoice/merchant/canceled", {})).json).toEqual({
        status: "error",
        result: { validate_error: "uuid is required" },
      });
    });
  });

  describe("postbacks", () => {
    it("sends a JSON postback after a payment, with a token signed by the secret key", async () => {
      const invoice = await create(emulator, { amount: 49, order_id: "ord-json" });
      const { postbackStatus } = await emulator.pay(invoice.uuid, "full");
      expect(postbackStatus).toBe(200);
      expect(receiver.deliveries).toHaveLength(1);
      const delivery = receiver.deliveries[0]!;
      expect(delivery.contentType).toBe("application/json");
      const body = JSON.parse(delivery.body) as Record<string, unknown> & { token: string };
      expect(body).toMatchObject({
        status: "success",
        invoice_id: invoice.uuid.slice(4),
        amount_crypto: 49,
        currency: "USDT_TRC20",
        order_id: "ord-json",
        invoice_info: { uuid: invoice.uuid, status: "paid", amount: 49, received: 49, order_id: "ord-json" },
      });
      const { payload, protectedHeader } = await jwtVerify(body.token, secretBytes, {
        algorithms: ["HS256"],
      });
      expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
      expect(payload.id).toBe(invoice.uuid);
      expect(Math.abs(payload.exp! - (Date.now() / 1000 + 300))).toBeLessThan(5);
    });

    it("builds the form-encoded variant with invoice_info as a JSON string", async () => {
      const invoice = await create(emulator, { order_id: "ord-form" });
      await emulator.pay(invoice.uuid, "over");
      const { body, contentType } = await emulator.buildPostback(invoice.uuid, { format: "form" });
      expect(contentType).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(body);
      expect(form.get("invoice_id")).toBe(invoice.uuid.slice(4));
      expect(form.get("order_id")).toBe("ord-form");
      expect(form.get("amount_crypto")).toBe("53.9");
      expect(JSON.parse(form.get("invoice_info")!)).toMatchObject({ uuid: invoice.uuid, status: "overpaid" });
      const { payload } = await jwtVerify(form.get("token")!, secretBytes, { algorithms: ["HS256"] });
      expect(payload.id).toBe(invoice.uuid);
    });

    it("sends form postbacks when configured so", async () => {
      const formEmulator = await startCryptoCloudEmulator({
        apiKey: API_KEY,
        shopId: SHOP_ID,
        secretKey: SECRET,
        postbackUrl: receiver.url,
        postbackFormat: "form",
      });
      try {
        const invoice = await create(formEmulator);
        expect((await formEmulator.pay(invoice.uuid, "part")).postbackStatus).toBe(200);
        const delivery = receiver.deliveries[0]!;
        expect(delivery.contentType).toBe("application/x-www-form-urlencoded");
        expect(new URLSearchParams(delivery.body).get("status")).toBe("success");
      } finally {
        await formEmulator.close();
      }
    });

    it("lets tests forge tokens: wrong secret, expired, another invoice", async () => {
      const invoice = await create(emulator);
      const token = async (options: Parameters<CryptoCloudEmulator["buildPostback"]>[1]) =>
        (JSON.parse((await emulator.buildPostback(invoice.uuid, options)).body) as { token: string }).token;
      const verify = async (t: string) => jwtVerify(t, secretBytes, { algorithms: ["HS256"] });
      await expect(verify(await token({ secretKey: "other-secret" }))).rejects.toBeInstanceOf(
        errors.JWSSignatureVerificationFailed,
      );
      await expect(verify(await token({ expiresInSeconds: -10 }))).rejects.toBeInstanceOf(errors.JWTExpired);
      expect((await verify(await token({ tokenInvoiceId: "INV-OTHER123" }))).payload.id).toBe("INV-OTHER123");
    });

    it("returns the app's status, and 0 (never a throw) when nobody answers", async () => {
      const failing = await startReceiver(500);
      const gone = await startReceiver();
      await gone.close();
      const options = { apiKey: API_KEY, shopId: SHOP_ID, secretKey: SECRET };
      const to500 = await startCryptoCloudEmulator({ ...options, postbackUrl: failing.url });
      const toNowhere = await startCryptoCloudEmulator({ ...options, postbackUrl: gone.url });
      const silent = await startCryptoCloudEmulator(options);
      try {
        expect((await to500.pay((await create(to500)).uuid)).postbackStatus).toBe(500);
        expect((await toNowhere.pay((await create(toNowhere)).uuid)).postbackStatus).toBe(0);
        expect((await silent.pay((await create(silent)).uuid)).postbackStatus).toBeNull();
      } finally {
        await Promise.all([to500.close(), toNowhere.close(), silent.close(), failing.close()]);
      }
    });
  });

  describe("failNext", () => {
    it('"500" fails exactly the next `count` API calls', async () => {
      emulator.failNext("500", 2);
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(500);
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(500);
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(200);
    });

    it('"timeout" holds the reply past a client timeout; the call itself took effect', async () => {
      emulator.failNext("timeout");
      const started = Date.now();
      const attempt = fetch(`${emulator.apiBase}/invoice/create`, {
        method: "POST",
        headers: { authorization: `Token ${API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ shop_id: SHOP_ID, amount: 5, order_id: "ord-timeout" }),
        signal: AbortSignal.timeout(300),
      });
      await expect(attempt).rejects.toMatchObject({ name: "TimeoutError" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(emulator.findByOrderId("ord-timeout")?.status).toBe("created");
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(200);
    });

    it("is reachable over HTTP", async () => {
      const queued = await fetch(`${emulator.url}/_emulator/fail-next`, {
        method: "POST",
        body: JSON.stringify({ mode: "500", count: 1 }),
      });
      expect(queued.status).toBe(200);
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(500);
      expect((await api(emulator, "/invoice/merchant/info", { uuids: [] })).status).toBe(200);
    });
  });

  describe("hosted page", () => {
    const post = (url: string) => fetch(url, { method: "POST", redirect: "manual" });

    it("shows the invoice with the four actions, as plain forms", async () => {
      const invoice = await create(emulator, { amount: "3229.20", currency: "RUB", order_id: "ord-page" });
      const response = await fetch(invoice.link);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("3229.20 <span>RUB</span>");
      expect(html).toContain("ord-page");
      for (const [action, label] of [
        ["full", "Pay in full"],
        ["part", "Pay part"],
        ["over", "Overpay"],
        ["expire", "Let it expire"],
      ]) {
        expect(html).toMatch(
          new RegExp(`action="/pay/[A-Z0-9]{8}/${action}"><button type="submit"[^>]*>${label}<`),
        );
      }
      expect(html).not.toMatch(/<(script|link)\b/);
    });

    it("pays, sends the postback, then 303s to successUrl?order_id=…", async () => {
      const invoice = await create(emulator, { order_id: "ord-303" });
      const response = await post(`${invoice.link}/full`);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("http://app.test/billing/return?order_id=ord-303");
      expect(receiver.deliveries).toHaveLength(1);
      expect(emulator.getInvoice(invoice.uuid)?.status).toBe("paid");
      const done = await (await fetch(invoice.link)).text();
      expect(done).toContain("This invoice is paid.");
      expect(done).not.toContain("<button");
    });

    it("expires and 303s to failUrl, keeping its query", async () => {
      const invoice = await create(emulator, { order_id: "ord-exp" });
      const response = await post(`${invoice.link}/expire`);
      expect(response.headers.get("location")).toBe(
        "http://app.test/billing/failed?from=cc&order_id=ord-exp",
      );
      expect(emulator.getInvoice(invoice.uuid)?.status).toBe("canceled");
      expect(receiver.deliveries).toHaveLength(0); // CryptoCloud notifies only after payments
      expect((await post(`${invoice.link}/full`)).status).toBe(409);
    });

    it("offers only 'Pay the rest' on a partial invoice", async () => {
      const invoice = await create(emulator);
      await post(`${invoice.link}/part`);
      const html = await (await fetch(invoice.link)).text();
      expect(html.match(/<button/g)).toHaveLength(1);
      expect(html).toContain(">Pay the rest<");
      await post(`${invoice.link}/rest`);
      expect(emulator.getInvoice(invoice.uuid)?.status).toBe("paid");
    });
  });

  describe("control endpoints", () => {
    it("pay, expire, re-send and list over HTTP", async () => {
      const a = await create(emulator, { order_id: "ord-ctl-a" });
      const b = await create(emulator, { order_id: "ord-ctl-b" });
      const control = (path: string, body?: unknown) =>
        fetch(`${emulator.url}/_emulator${path}`, {
          method: "POST",
          body: body === undefined ? undefined : JSON.stringify(body),
        });

      const paid = await control(`/invoices/${a.uuid.slice(4)}/pay`, { how: "over" });
      expect(await paid.json()).toMatchObject({
        invoice: { status: "overpaid", received: "53.90" },
        postbackStatus: 200,
      });
      expect(await (await control(`/invoices/${b.uuid}/expire`)).json()).toMatchObject({
        invoice: { status: "canceled" },
      });
      expect((await control(`/invoices/${b.uuid}/expire`)).status).toBe(409);
      expect((await control(`/invoices/INV-NOTFOUND/pay`, { how: "full" })).status).toBe(404);
      expect((await control(`/invoices/${a.uuid}/pay`, { how: "full" })).status).toBe(409);
      const c = await create(emulator);
      expect((await control(`/invoices/${c.uuid}/pay`, { how: "lots" })).status).toBe(400);

      receiver.deliveries.length = 0;
      expect(await (await control(`/invoices/${a.uuid}/postback`)).json()).toMatchObject({
        postbackStatus: 200,
      });
      expect(receiver.deliveries).toHaveLength(1);

      const list = (await (await fetch(`${emulator.url}/_emulator/invoices`)).json()) as Array<{
        orderId: string;
      }>;
      expect(list.map((invoice) => invoice.orderId)).toEqual(
        expect.arrayContaining(["ord-ctl-a", "ord-ctl-b"]),
      );
    });
  });

  it("close() returns promptly with a keep-alive connection and a held reply open", async () => {
    const short = await startCryptoCloudEmulator({ apiKey: API_KEY, shopId: SHOP_ID, secretKey: SECRET });
    await fetch(`${short.url}/`); // leaves a keep-alive socket
    short.failNext("timeout");
    const held = fetch(`${short.apiBase}/invoice/merchant/info`, { method: "POST", body: "{}" }).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(short.requests).toHaveLength(1));
    const started = Date.now();
    await short.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await held).toBeInstanceOf(Error);
  });
});

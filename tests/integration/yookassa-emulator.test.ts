// The YooKassa emulator itself, over real HTTP: if it drifts from what YooKassa answers, every
// test of the app's YooKassa adapter built on it proves nothing. (The integration project gives
// this file a database too; it is not used here.)
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startYooKassaEmulator, type YooKassaEmulator } from "@/sandbox/yookassa/emulator";

const SHOP_ID = "506751";
const SECRET_KEY = "test_emulator_secret_0123456789";
const RETURN_URL = "http://app.test/dashboard/payment/success?order_id=ord-1";

interface Received {
  from: string | undefined;
  body: { type: string; event: string; object: Record<string, unknown> };
}

/** A stand-in for the app's webhook route: records what arrives and from where. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        from: req.socket.remoteAddress,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received["body"],
      });
      res.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/api/webhook/payment`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A YooKassa object or error object as the tests read it (they assert on the rest). */
interface WireObject {
  id: string;
  created_at: string;
  confirmation: { confirmation_url: string };
  [field: string]: unknown;
}

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("YooKassa emulator", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let emulator: YooKassaEmulator;

  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startYooKassaEmulator({
      shopId: SHOP_ID,
      secretKey: SECRET_KEY,
      notificationUrl: receiver.url,
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await receiver?.close();
  });

  async function call(
    method: string,
    path: string,
    options: { body?: unknown; key?: string | null; auth?: string; signal?: AbortSignal } = {},
  ) {
    const headers: Record<string, string> = {
      Authorization: options.auth ?? basic(SHOP_ID, SECRET_KEY),
      "Content-Type": "application/json",
    };
    const key = options.key === undefined ? (method === "POST" ? randomUUID() : null) : options.key;
    if (key !== null) headers["Idempotence-Key"] = key;
    const response = await fetch(`${emulator.apiBase}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    return { status: response.status, json: (await response.json()) as WireObject };
  }

  const paymentBody = (orderId = "ord-1", extra: Record<string, unknown> = {}) => ({
    amount: { value: "1490.00", currency: "RUB" },
    capture: true,
    confirmation: { type: "redirect", return_url: RETURN_URL },
    description: "Basic, 1 month",
    metadata: { order_id: orderId },
    ...extra,
  });

  const createPayment = async (orderId = `ord-${randomUUID()}`, extra: Record<string, unknown> = {}) => {
    const { status, json } = await call("POST", "/payments", { body: paymentBody(orderId, extra) });
    expect(status).toBe(200);
    return json as { id: string; confirmation: { confirmation_url: string } };
  };

  const waitFor = async <T>(find: () => T | undefined): Promise<T> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error("timed out waiting");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  describe("authentication", () => {
    it.each([
      ["no Authorization header", ""],
      ["another secret key", basic(SHOP_ID, "test_other")],
      ["another shop", basic("999999", SECRET_KEY)],
      ["a bearer token", `Bearer ${SECRET_KEY}`],
    ])("refuses %s with 401 invalid_credentials", async (_name, auth) => {
      const { status, json } = await call("GET", "/payments", { auth });
      expect(status).toBe(401);
      expect(json).toMatchObject({ type: "error", code: "invalid_credentials" });
      expect(typeof json.id).toBe("string");
      expect(JSON.stringify(json)).not.toContain(SECRET_KEY);
    });

    it("answers HTTP Basic with shopId:secretKey", async () => {
      expect((await call("GET", "/payments")).status).toBe(200);
    });
  });

  describe("payments", () => {
    it("creates a pending payment with a redirect confirmation, as YooKassa documents it", async () => {
      const { status, json } = await call("POST", "/payments", { body: paymentBody("ord-shape") });
      expect(status).toBe(200);
      expect(json).toMatchObject({
        status: "pending",
        paid: false,
        amount: { value: "1490.00", currency: "RUB" },
        description: "Basic, 1 month",
        metadata: { order_id: "ord-shape" },
        confirmation: { type: "redirect", return_url: RETURN_URL },
        recipient: { account_id: SHOP_ID },
        refundable: false,
        test: true,
      });
      expect(json.id).toMatch(/^[0-9a-f]{8}-000f-5000-9000-[0-9a-f]{12}$/);
      expect(json.confirmation.confirmation_url).toBe(`${emulator.url}/checkout/${json.id}`);
      expect(new Date(json.created_at).toISOString()).toBe(json.created_at);
      expect((await call("GET", `/payments/${json.id}`)).json).toEqual(json);
    });

    it("answers an unknown payment with 404 not_found", async () => {
      const { status, json } = await call("GET", "/payments/00000000-000f-5000-9000-000000000000");
      expect(status).toBe(404);
      expect(json).toMatchObject({ type: "error", code: "not_found" });
    });

    it.each([
      ["a float amount", { amount: { value: 1490, currency: "RUB" } }, "amount.value"],
      ["three decimals", { amount: { value: "1490.001", currency: "RUB" } }, "amount.value"],
      ["a currency other than roubles", { amount: { value: "10.00", currency: "USD" } }, "amount.currency"],
      ["no confirmation", { confirmation: undefined }, "confirmation"],
      ["a description over 128 characters", { description: "x".repeat(129) }, "description"],
      [
        "17 metadata keys",
        { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
        "metadata",
      ],
    ])("refuses %s with 400 invalid_request naming the parameter", async (_name, extra, parameter) => {
      const { status, json } = await call("POST", "/payments", { body: paymentBody("ord-bad", extra) });
      expect(status).toBe(400);
      expect(json).toMatchObject({ type: "error", code: "invalid_request", parameter });
    });
  });

  describe("Idempotence-Key", () => {
    it("is required on a POST", async () => {
      const { status, json } = await call("POST", "/payments", { body: paymentBody(), key: null });
      expect(status).toBe(400);
      expect(json).toMatchObject({ code: "invalid_request", parameter: "Idempotence-Key" });
    });

    it("is at most 64 characters", async () => {
      const { status, json } = await call("POST", "/payments", { body: paymentBody(), key: "k".repeat(65) });
      expect(status).toBe(400);
      expect(json).toMatchObject({ parameter: "Idempotence-Key" });
    });

    it("with the same body gives back the same payment, made once", async () => {
      const key = `pay-${randomUUID()}`;
      const orderId = `ord-${randomUUID()}`;
      const first = await call("POST", "/payments", { body: paymentBody(orderId), key });
      // The same request, its keys in another order: the same body.
      const { metadata, amount, ...rest } = paymentBody(orderId);
      const second = await call("POST", "/payments", { body: { metadata, ...rest, amount }, key });
      expect(second).toEqual(first);
      expect(emulator.payments().filter((p) => p.metadata.order_id === orderId)).toHaveLength(1);
    });

    it("with another body is YooKassa's error, and nothing is made", async () => {
      const key = `pay-${randomUUID()}`;
      const first = await call("POST", "/payments", { body: paymentBody("ord-a"), key });
      const before = emulator.payments().length;
      const second = await call("POST", "/payments", {
        body: paymentBody("ord-a", { amount: { value: "1.00", currency: "RUB" } }),
        key,
      });
      expect(first.status).toBe(200);
      expect(second.status).toBe(400);
      expect(second.json).toMatchObject({
        type: "error",
        code: "invalid_request",
        description: "Idempotence key duplicated",
        parameter: "Idempotence-Key",
      });
      expect(emulator.payments()).toHaveLength(before);
    });
  });

  describe("refunds", () => {
    it("refunds only a succeeded payment, in parts, never more than is left", async () => {
      const payment = await createPayment();
      const refund = (value: string) =>
        call("POST", "/refunds", { body: { payment_id: payment.id, amount: { value, currency: "RUB" } } });

      const early = await refund("100.00");
      expect(early.status).toBe(400);
      expect(early.json).toMatchObject({ code: "invalid_request", parameter: "payment_id" });

      await emulator.pay(payment.id);
      const part = await refund("490.00");
      expect(part.status).toBe(200);
      expect(part.json).toMatchObject({
        payment_id: payment.id,
        status: "succeeded",
        amount: { value: "490.00", currency: "RUB" },
      });
      expect(part.json.id).toMatch(/^[0-9a-f]{8}-0015-5000-8000-[0-9a-f]{12}$/);
      expect((await call("GET", `/refunds/${part.json.id}`)).json).toEqual(part.json);
      expect((await call("GET", `/payments/${payment.id}`)).json).toMatchObject({
        status: "succeeded",
        refunded_amount: { value: "490.00", currency: "RUB" },
        refundable: true,
      });

      const tooMuch = await refund("1000.01");
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.json).toMatchObject({ code: "invalid_request", parameter: "amount.value" });

      expect((await refund("1000.00")).status).toBe(200);
      expect((await call("GET", `/payments/${payment.id}`)).json).toMatchObject({
        refunded_amount: { value: "1490.00", currency: "RUB" },
        refundable: false,
      });
      expect((await refund("0.01")).status).toBe(400);
      expect(
        emulator
          .refunds()
          .filter((r) => r.paymentId === payment.id)
          .map((r) => r.amount),
      ).toEqual([49_000, 100_000]);
    });

    it("notifies refund.succeeded with the refund object", async () => {
      const payment = await createPayment();
      await emulator.pay(payment.id);
      const { json } = await call("POST", "/refunds", {
        body: { payment_id: payment.id, amount: { value: "10.00", currency: "RUB" } },
      });
      const notification = await waitFor(() =>
        receiver.received.find((r) => r.body.event === "refund.succeeded" && r.body.object.id === json.id),
      );
      expect(notification.body).toEqual({ type: "notification", event: "refund.succeeded", object: json });
    });

    it("answers a refund of an unknown payment with 404", async () => {
      const { status, json } = await call("POST", "/refunds", {
        body: {
          payment_id: "00000000-000f-5000-9000-000000000000",
          amount: { value: "1.00", currency: "RUB" },
        },
      });
      expect(status).toBe(404);
      expect(json).toMatchObject({ code: "not_found", parameter: "payment_id" });
    });
  });

  describe("the confirmation page", () => {
    const page = (url: string, action?: string, form?: Record<string, string>) =>
      fetch(action ? url.replace(/(\/checkout\/[^/?]+)/, `$1/${action}`) : url, {
        method: action ? "POST" : "GET",
        redirect: "manual",
        headers: form ? { "content-type": "application/x-www-form-urlencoded" } : {},
        body: form ? new URLSearchParams(form).toString() : undefined,
      });

    it("offers Pay, Decline with a reason, and Leave", async () => {
      const payment = await createPayment();
      const html = await (await page(payment.confirmation.confirmation_url)).text();
      expect(html).toContain(">Pay</button>");
      expect(html).toContain(">Decline</button>");
      expect(html).toContain(">Leave</button>");
      expect(html).toContain('<option value="insufficient_funds">');
      expect(html).toContain("1490.00 RUB");
    });

    it("Pay: succeeded, notified from 127.0.0.1, then back to return_url", async () => {
      const payment = await createPayment();
      const response = await page(payment.confirmation.confirmation_url, "pay");
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(RETURN_URL);
      const notification = receiver.received.find(
        (r) => r.body.event === "payment.succeeded" && r.body.object.id === payment.id,
      );
      expect(notification?.from).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      expect(notification?.body).toMatchObject({
        type: "notification",
        event: "payment.succeeded",
        object: {
          id: payment.id,
          status: "succeeded",
          paid: true,
          amount: { value: "1490.00", currency: "RUB" },
          metadata: { order_id: expect.any(String) },
          refundable: true,
          test: true,
        },
      });
      expect(notification?.body.object.captured_at).toEqual(expect.any(String));
      expect(notification?.body.object).not.toHaveProperty("confirmation");
    });

    it("Decline: canceled with the chosen reason, notified, then back to return_url", async () => {
      const payment = await createPayment();
      const response = await page(payment.confirmation.confirmation_url, "decline", {
        reason: "card_expired",
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(RETURN_URL);
      expect((await call("GET", `/payments/${payment.id}`)).json).toMatchObject({
        status: "canceled",
        paid: false,
        cancellation_details: { party: "payment_network", reason: "card_expired" },
      });
      expect(
        receiver.received.find((r) => r.body.event === "payment.canceled" && r.body.object.id === payment.id)
          ?.body.object,
      ).toMatchObject({ cancellation_details: { party: "payment_network", reason: "card_expired" } });
    });

    it("Leave: back to return_url, the payment still pending, nothing notified", async () => {
      const payment = await createPayment();
      const response = await page(payment.confirmation.confirmation_url, "leave");
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(RETURN_URL);
      expect(emulator.getPayment(payment.id)?.status).toBe("pending");
      expect(receiver.received.some((r) => r.body.object.id === payment.id)).toBe(false);
    });

    it("cannot pay a payment twice", async () => {
      const payment = await createPayment();
      await page(payment.confirmation.confirmation_url, "pay");
      expect((await page(payment.confirmation.confirmation_url, "pay")).status).toBe(409);
    });
  });

  describe("cancel", () => {
    it("cancels a payment waiting for capture, and refuses a pending one", async () => {
      const twoStage = await createPayment(undefined, { capture: false });
      const pending = await call("POST", `/payments/${twoStage.id}/cancel`, { body: {} });
      expect(pending.status).toBe(400);
      expect(pending.json).toMatchObject({ code: "invalid_request" });

      await emulator.pay(twoStage.id);
      expect(emulator.getPayment(twoStage.id)?.status).toBe("waiting_for_capture");
      expect(receiver.received.some((r) => r.body.event === "payment.waiting_for_capture")).toBe(true);
      const canceled = await call("POST", `/payments/${twoStage.id}/cancel`, { body: {} });
      expect(canceled.status).toBe(200);
      expect(canceled.json).toMatchObject({
        status: "canceled",
        cancellation_details: { party: "merchant", reason: "canceled_by_merchant" },
      });
    });
  });

  describe("control endpoints and failures", () => {
    it("pays, declines and re-sends over HTTP", async () => {
      const payment = await createPayment();
      const control = (path: string, body: unknown = {}) =>
        fetch(`${emulator.url}/_emulator/payments/${payment.id}/${path}`, {
          method: "POST",
          body: JSON.stringify(body),
        });
      const declined = await control("decline", { reason: "insufficient_funds" });
      expect(declined.status).toBe(200);
      expect(await declined.json()).toMatchObject({
        payment: {
          status: "canceled",
          cancellation: { party: "payment_network", reason: "insufficient_funds" },
        },
        notificationStatus: 200,
      });
      expect((await control("pay")).status).toBe(409);
      const before = receiver.received.length;
      expect(await (await control("notify")).json()).toMatchObject({ notificationStatus: 200 });
      expect(receiver.received).toHaveLength(before + 1);
      expect((await control("decline", { reason: "not_a_reason" })).status).toBe(400);
      const listed = (await (await fetch(`${emulator.url}/_emulator/payments/${payment.id}`)).json()) as {
        status: string;
      };
      expect(listed.status).toBe("canceled");
    });

    it("fail-next 500: YooKassa's error object, and nothing made", async () => {
      const queued = await fetch(`${emulator.url}/_emulator/fail-next`, {
        method: "POST",
        body: JSON.stringify({ mode: "500" }),
      });
      expect(queued.status).toBe(200);
      const before = emulator.payments().length;
      const { status, json } = await call("POST", "/payments", { body: paymentBody() });
      expect(status).toBe(500);
      expect(json).toMatchObject({ type: "error", code: "internal_server_error" });
      expect(emulator.payments()).toHaveLength(before);
    });

    it("fail-next timeout: the payment is made, the reply held, and a retry with the key gets it", async () => {
      emulator.failNext("timeout");
      const key = `pay-${randomUUID()}`;
      const orderId = `ord-${randomUUID()}`;
      await expect(
        call("POST", "/payments", { body: paymentBody(orderId), key, signal: AbortSignal.timeout(300) }),
      ).rejects.toThrow();
      const made = emulator.findByOrderId(orderId);
      expect(made?.status).toBe("pending");
      const retry = await call("POST", "/payments", { body: paymentBody(orderId), key });
      expect(retry).toMatchObject({ status: 200, json: { id: made?.id } });
      expect(emulator.payments().filter((p) => p.metadata.order_id === orderId)).toHaveLength(1);
    });
  });
});

describe("YooKassa emulator with receipts (54-FZ)", () => {
  let emulator: YooKassaEmulator;
  beforeAll(async () => {
    emulator = await startYooKassaEmulator({ shopId: SHOP_ID, secretKey: SECRET_KEY, receipts: true });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const post = (body: unknown) =>
    fetch(`${emulator.apiBase}/payments`, {
      method: "POST",
      headers: {
        Authorization: basic(SHOP_ID, SECRET_KEY),
        "Content-Type": "application/json",
        "Idempotence-Key": randomUUID(),
      },
      body: JSON.stringify(body),
    });
  const base = {
    amount: { value: "2290.00", currency: "RUB" },
    capture: true,
    confirmation: { type: "redirect", return_url: RETURN_URL },
    description: "Pro, 1 month",
  };
  const receipt = (value = "2290.00") => ({
    customer: { email: "buyer@example.com" },
    items: [
      {
        description: "Pro, 1 month",
        quantity: "1.00",
        amount: { value, currency: "RUB" },
        vat_code: 1,
        payment_subject: "service",
        payment_mode: "full_payment",
      },
    ],
  });

  it("refuses a payment without a receipt, or one that does not add up", async () => {
    for (const body of [
      base,
      { ...base, receipt: receipt("2000.00") },
      { ...base, receipt: { items: [] } },
    ]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: "invalid_request",
        parameter: expect.stringMatching(/^receipt/),
      });
    }
  });

  it("takes a payment with its receipt", async () => {
    const response = await post({ ...base, receipt: receipt() });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect(emulator.getPayment(id)?.receipt).toEqual(receipt());
  });
});

// The Stripe emulator itself, over real HTTP and through the official SDK: if it drifts from
// what stripe-node sends and expects, every test of the app's Stripe adapter built on it proves
// nothing. (The integration project gives this file a database too; it is not used here.)
import { createServer, type IncomingHttpHeaders } from "node:http";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type StripeEmulator, startStripeEmulator } from "@/sandbox/stripe/emulator";

const SECRET_KEY = "sk_test_emulator0123456789abcdefWXYZ";
const WEBHOOK_SECRET = "whsec_test_0123456789abcdef0123456789abcdef";
const verifier = new Stripe("sk_test_x");

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the app's Stripe webhook route; `hold()` keeps its replies until released. */
async function startReceiver(status = 200) {
  const deliveries: Delivery[] = [];
  let gate: Promise<void> | null = null;
  let open = () => {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      void (gate ?? Promise.resolve()).then(() => res.writeHead(status).end("ok"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}/api/webhook/stripe`,
    deliveries,
    events: () => deliveries.map((d) => JSON.parse(d.body) as Stripe.Event),
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        open();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const sessionParams = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  ({
    mode: "payment",
    line_items: [
      {
        price_data: { currency: "USD", unit_amount: 4900, product_data: { name: "Pro plan, 1 month" } },
        quantity: 1,
      },
    ],
    client_reference_id: "ord-1",
    metadata: { order_id: "ord-1" },
    success_url: "http://app.test/billing/return?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "http://app.test/billing/cancelled",
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    customer_email: "buyer@example.com",
    ...extra,
  }) satisfies Stripe.Checkout.SessionCreateParams;

describe("Stripe emulator", () => {
  let receiver: Receiver;
  let emulator: StripeEmulator;
  let stripe: Stripe;

  const sdk = (overrides: Stripe.StripeConfig = {}, key = SECRET_KEY) =>
    new Stripe(key, { ...emulator.sdkOptions, maxNetworkRetries: 0, ...overrides });
  const create = (extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    stripe.checkout.sessions.create(sessionParams(extra));
  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${emulator.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${SECRET_KEY}`, ...(init.headers as Record<string, string>) },
    });
  const control = (path: string, body?: unknown) =>
    fetch(`${emulator.url}/_emulator${path}`, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startStripeEmulator({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl: receiver.url,
    });
    stripe = sdk();
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });
  afterEach(() => {
    receiver.release();
    receiver.deliveries.length = 0;
  });

  describe("authentication", () => {
    it("refuses a wrong key with 401 and Stripe's error, never echoing the key", async () => {
      const wrongKey = "sk_test_wrong0123456789abcdefghij";
      const error = await sdk({}, wrongKey)
        .checkout.sessions.create(sessionParams())
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error).toMatchObject({ statusCode: 401, rawType: "invalid_request_error" });
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid API Key provided: sk_test_\*+ghij$/);
      expect(message).not.toContain(wrongKey);
    });

    it("refuses a missing key with Stripe's envelope, and records the call", async () => {
      const before = emulator.requests.length;
      const response = await fetch(`${emulator.url}/v1/checkout/sessions/cs_test_x`);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: Record<string, string> };
      expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
      expect(body.error.type).toBe("invalid_request_error");
      expect(body.error.message).toMatch(/^You did not provide an API key/);
      expect(emulator.requests.slice(before)).toEqual([
        expect.objectContaining({ method: "GET", path: "/v1/checkout/sessions/cs_test_x" }),
      ]);
    });

    it("accepts Basic auth with the key as user name, as curl -u sends it", async () => {
      const session = await create();
      const basic = Buffer.from(`${SECRET_KEY}:`).toString("base64");
      const response = await fetch(`${emulator.url}/v1/checkout/sessions/${session.id}`, {
        headers: { authorization: `Basic ${basic}` },
      });
      expect(response.status).toBe(200);
    });
  });

  describe("checkout sessions through the SDK", () => {
    it("creates a full checkout.session object from the SDK's form body", async () => {
      const session = await create();
      expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
      expect(session).toMatchObject({
        object: "checkout.session",
        url: `${emulator.url}/c/pay/${session.id}`,
        status: "open",
        payment_status: "unpaid",
        amount_total: 4900,
        amount_subtotal: 4900,
        currency: "usd",
        client_reference_id: "ord-1",
        metadata: { order_id: "ord-1" },
        payment_intent: null,
        mode: "payment",
        success_url: "http://app.test/billing/return?session_id={CHECKOUT_SESSION_ID}",
        cancel_url: "http://app.test/billing/cancelled",
        livemode: false,
        customer_email: "buyer@example.com",
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      });
      expect(Math.abs(session.created - Date.now() / 1000)).toBeLessThan(5);
      expect(session.lastResponse.requestId).toMatch(/^req_/);

      const call = emulator.requests.at(-1)!;
      expect(call.headers["idempotency-key"]).toMatch(/^stripe-node-retry-/);
      expect(call.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(call.body).toMatchObject({
        line_items: [{ price_data: { currency: "USD", unit_amount: "4900" }, quantity: "1" }],
        metadata: { order_id: "ord-1" },
      });
      expect(emulator.getSession(session.id)).toMatchObject({
        amountTotal: 4900,
        currency: "usd",
        clientReferenceId: "ord-1",
        paymentIntent: null,
      });
      expect(emulator.findSessionByClientReference("ord-1")?.id).toBeDefined();
    });

    it("retrieves a session, expands payment_intent once paid, and 404s unknown ids", async () => {
      const session = await create({ client_reference_id: "ord-retrieve" });
      expect(await stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
        id: session.id,
        status: "open",
      });
      await emulator.pay(session.id);
      const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
      expect(paid).toMatchObject({ status: "complete", payment_status: "paid", url: null });
      expect(paid.payment_intent).toMatchObject({
        object: "payment_intent",
        status: "succeeded",
        amount_received: 4900,
      });

      const error = await stripe.checkout.sessions.retrieve("cs_test_nope").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 404, code: "resource_missing", param: "session" });
      expect((error as Error).message).toBe("No such checkout.session: 'cs_test_nope'");
    });

    it.each([
      [
        "a missing success_url",
        { success_url: undefined },
        "success_url",
        /^Missing required param: success_url\.$/,
      ],
      [
        "a fractional unit_amount",
        {
          line_items: [
            { price_data: { currency: "usd", unit_amount: 12.5, product_data: { name: "x" } }, quantity: 1 },
          ],
        },
        "line_items[0][price_data][unit_amount]",
        /^Invalid integer: 12\.5$/,
      ],
      [
        "a total under Stripe's minimum",
        {
          line_items: [
            { price_data: { currency: "usd", unit_amount: 49, product_data: { name: "x" } }, quantity: 1 },
          ],
        },
        undefined,
        /must add up to at least \$0\.50 usd$/,
      ],
      [
        "a catalogue price id",
        { line_items: [{ price: "price_123", quantity: 1 }] },
        "line_items[0][price]",
        /^No such price/,
      ],
      [
        "an expiry under 30 minutes",
        { expires_at: Math.floor(Date.now() / 1000) + 600 },
        "expires_at",
        /30 minutes/,
      ],
      [
        "an expiry over 24 hours",
        { expires_at: Math.floor(Date.now() / 1000) + 90_000 },
        "expires_at",
        /24 hours/,
      ],
      ["a bad success_url", { success_url: "not a url" }, "success_url", /^Not a valid URL$/],
    ] as const)("refuses %s with a 400 invalid_request_error", async (_, patch, param, message) => {
      const error = await stripe.checkout.sessions
        .create({ ...sessionParams(), ...patch } as Stripe.Checkout.SessionCreateParams)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({ statusCode: 400, rawType: "invalid_request_error", param });
      expect((error as Error).message).toMatch(message);
    });

    it("refuses parameters Stripe does not know", async () => {
      const response = await raw("/v1/checkout/sessions", {
        method: "POST",
        body: "mode=payment&colour=blue",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        error: {
          type: "invalid_request_error",
          message: "Received unknown parameter: colour",
          param: "colour",
        },
      });
    });

    it("answers unknown routes with Stripe's 404", async () => {
      const error = await stripe.customers.create({}).catch((e: unknown) => e);
      expect(error).toMatchObject({ statusCode: 404 });
      expect((error as Error).message).toMatch(/^Unrecognized request URL \(POST: \/v1\/customers\)/);
    });
  });

  describe("idempotency keys", () => {
    it("replays the same session for the same key and body, with Idempotent-Replayed", async () => {
      const key = `checkout-${Date.now()}`;
      const first = await stripe.checkout.sessions.create(
        sessionParams({ client_reference_id: "ord-idem" }),
        {
          idempotencyKey: key,
        },
      );
      const again = await stripe.checkout.sessions.create(
        sessionParams({ client_reference_id: "ord-idem" }),
        {
          idempotencyKey: key,
        },
      );
      expect(again.id).toBe(first.id);
      expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
      expect(first.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
      expect(emulator.requests.at(-1)?.headers["idempotency-key"]).toBe(key);
    });

    it("refuses the same key with another body, or on another endpoint, as idempotency_error", async () => {
      const key = `checkout-diff-${Date.now()}`;
      await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: key });
      const other = await stripe.checkout.sessions
        .create(sessionParams({ client_reference_id: "ord-other" }), { idempotencyKey: key })
        .catch((e: unknown) => e);
      expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect(other).toMatchObject({ statusCode: 400, rawType: "idempotency_error" });
      expect((other as Error).message).toMatch(/can only be used with the same parameters/);

      const elsewhere = await stripe.refunds
        .create({ payment_intent: "pi_x" }, { idempotencyKey: key })
        .catch((e: unknown) => e);
      expect(elsewhere).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
      expect((elsewhere as Error).message).toMatch(/same endpoint/);
    });
  });

  describe("events", () => {
    it("sends checkout.session.completed on pay, signed so constructEvent accepts it", async () => {
      const session = await create({ client_reference_id: "ord-pay" });
      const { session: paid, eventStatus } = await emulator.pay(session.id);
      expect(eventStatus).toBe(200);
      expect(paid).toMatchObject({
        status: "complete",
        paymentStatus: "paid",
        paymentIntent: expect.stringMatching(/^pi_/) as unknown,
      });

      expect(receiver.deliveries).toHaveLength(1);
      const { headers, body } = receiver.deliveries[0]!;
      const header = String(headers["stripe-signature"]);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(headers["content-type"]).toBe("application/json; charset=utf-8");
      const event = verifier.webhooks.constructEvent(body, header, WEBHOOK_SECRET);
      expect(event).toMatchObject({
        id: expect.stringMatching(/^evt_/) as unknown,
        object: "event",
        type: "checkout.session.completed",
        api_version: Stripe.API_VERSION,
        livemode: false,
        pending_webhooks: 1,
        data: {
          object: {
            object: "checkout.session",
            id: session.id,
            status: "complete",
            payment_status: "paid",
            payment_intent: paid.paymentIntent,
            client_reference_id: "ord-pay",
            metadata: { order_id: "ord-1" },
            amount_total: 4900,
          },
        },
      });
      // The same header the SDK's own test helper would compute for this body and timestamp.
      const t = Number(/t=(\d+)/.exec(header)![1]);
      expect(
        verifier.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET, timestamp: t }),
      ).toBe(header);
      // The raw body is what is signed: re-serialized JSON no longer verifies.
      expect(() =>
        verifier.webhooks.constructEvent(JSON.stringify(JSON.parse(body)), header, WEBHOOK_SECRET),
      ).toThrow(Stripe.errors.StripeSignatureVerificationError);
    });

    it("lets tests forge events: another secret, a stale timestamp, extra signatures, a fixed id", async () => {
      const session = await create();
      const verify = (e: { body: string; signatureHeader: string }, secret = WEBHOOK_SECRET) =>
        verifier.webhooks.constructEvent(e.body, e.signatureHeader, secret);

      const good = emulator.buildEvent("checkout.session.expired", session.id, { eventId: "evt_fixed" });
      expect(verify(good)).toMatchObject({ id: "evt_fixed", type: "checkout.session.expired" });
      expect(emulator.buildEvent("checkout.session.expired", session.id, { eventId: "evt_fixed" }).id).toBe(
        "evt_fixed",
      );

      const forged = emulator.buildEvent("checkout.session.completed", session.id, {
        secret: "whsec_attacker",
      });
      expect(() => verify(forged)).toThrow(/No signatures found matching the expected signature/);
      const stale = emulator.buildEvent("checkout.session.completed", session.id, {
        timestampOffsetSeconds: -301,
      });
      expect(() => verify(stale)).toThrow(/Timestamp outside the tolerance zone/);
      const rotated = emulator.buildEvent("checkout.session.completed", session.id, {
        secret: "whsec_old",
        extraSignatures: ["00".repeat(32)],
      });
      expect(rotated.signatureHeader).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=0{64}$/);
      expect(verify(rotated, "whsec_old")).toMatchObject({ type: "checkout.session.completed" });

      expect(await emulator.sendEvent(good)).toBe(200);
      expect(receiver.deliveries.map((d) => d.body)).toEqual([good.body]);
    });

    it("re-sends a logged event with the same id and body under a fresh signature", async () => {
      const session = await create();
      await emulator.expire(session.id);
      const [original] = receiver.events();
      expect(original).toMatchObject({
        type: "checkout.session.expired",
        data: { object: { status: "expired" } },
      });
      const resent = await control(`/events/${original!.id}/resend`);
      expect(await resent.json()).toEqual({ eventId: original!.id, eventStatus: 200 });
      expect(receiver.deliveries[1]!.body).toBe(receiver.deliveries[0]!.body);
      verifier.webhooks.constructEvent(
        receiver.deliveries[1]!.body,
        String(receiver.deliveries[1]!.headers["stripe-signature"]),
        WEBHOOK_SECRET,
      );
      const log = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as Array<{
        id: string;
        deliveries: unknown[];
      }>;
      expect(log.find((e) => e.id === original!.id)?.deliveries).toHaveLength(2);
    });

    it("reports the app's status, 0 when nobody answers, null without a webhookUrl", async () => {
      const failing = await startReceiver(500);
      const gone = await startReceiver();
      await gone.close();
      const options = { secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET };
      const to500 = await startStripeEmulator({ ...options, webhookUrl: failing.url });
      const toNowhere = await startStripeEmulator({ ...options, webhookUrl: gone.url });
      const silent = await startStripeEmulator(options);
      try {
        const pay = async (e: StripeEmulator) =>
          (
            await e.pay(
              (await new Stripe(SECRET_KEY, e.sdkOptions).checkout.sessions.create(sessionParams())).id,
            )
          ).eventStatus;
        expect(await pay(to500)).toBe(500);
        expect(await pay(toNowhere)).toBe(0);
        expect(await pay(silent)).toBeNull();
      } finally {
        await Promise.all([to500.close(), toNowhere.close(), silent.close(), failing.close()]);
      }
    });
  });

  describe("delayed payments and expiry", () => {
    it("completes unpaid, then settles succeeded or failed with the async events", async () => {
      const ok = await create({ client_reference_id: "ord-async-ok" });
      const ko = await create({ client_reference_id: "ord-async-ko" });
      const later = await emulator.payAsync(ok.id);
      expect(later.session).toMatchObject({
        status: "complete",
        paymentStatus: "unpaid",
        asyncPayment: "pending",
      });
      const intent = await stripe.paymentIntents.retrieve(later.session.paymentIntent!);
      expect(intent).toMatchObject({ status: "processing", amount_received: 0 });
      await emulator.payAsync(ko.id);

      expect((await emulator.settleAsync(ok.id, "succeeded")).session.paymentStatus).toBe("paid");
      expect((await emulator.settleAsync(ko.id, "failed")).session).toMatchObject({
        status: "complete",
        paymentStatus: "unpaid",
      });
      await expect(emulator.settleAsync(ok.id, "failed")).rejects.toThrow(/no delayed payment/);

      expect(
        receiver.events().map((e) => [e.type, (e.data.object as Stripe.Checkout.Session).payment_status]),
      ).toEqual([
        ["checkout.session.completed", "unpaid"],
        ["checkout.session.completed", "unpaid"],
        ["checkout.session.async_payment_succeeded", "paid"],
        ["checkout.session.async_payment_failed", "unpaid"],
      ]);
    });

    it("expires through the handle or the API, and refuses to pay afterwards", async () => {
      const a = await create();
      expect((await emulator.expire(a.id)).session.status).toBe("expired");
      await expect(emulator.pay(a.id)).rejects.toThrow(/expired; it cannot be paid/);

      const b = await create();
      expect(await stripe.checkout.sessions.expire(b.id)).toMatchObject({ status: "expired", url: null });
      const again = await stripe.checkout.sessions.expire(b.id).catch((e: unknown) => e);
      expect(again).toMatchObject({ statusCode: 400, param: "session" });
      expect(receiver.events().map((e) => e.type)).toEqual([
        "checkout.session.expired",
        "checkout.session.expired",
      ]);
    });
  });

  describe("refunds", () => {
    async function paidSession(ref: string) {
      const session = await create({
        client_reference_id: ref,
        payment_intent_data: { metadata: { order_id: ref } },
      });
      const { session: paid } = await emulator.pay(session.id);
      receiver.deliveries.length = 0;
      return paid;
    }

    it("refunds in parts, then refuses more; charge.refunded follows each refund (after-response)", async () => {
      const session = await paidSession("ord-refund");
      const partial = await stripe.refunds.create({ payment_intent: session.paymentIntent!, amount: 1000 });
      expect(partial).toMatchObject({
        id: expect.stringMatching(/^re_/) as unknown,
        object: "refund",
        status: "succeeded",
        amount: 1000,
        currency: "usd",
        payment_intent: session.paymentIntent,
        charge: expect.stringMatching(/^ch_/) as unknown,
      });
      await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1));
      const rest = await stripe.refunds.create({ payment_intent: session.paymentIntent! });
      expect(rest.amount).toBe(3900);
      await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(2));

      const charges = receiver.deliveries.map(
        (d) =>
          verifier.webhooks.constructEvent(d.body, String(d.headers["stripe-signature"]), WEBHOOK_SECRET).data
            .object as Stripe.Charge,
      );
      expect(charges.map((c) => [c.amount_refunded, c.refunded])).toEqual([
        [1000, false],
        [4900, true],
      ]);
      expect(charges[1]).toMatchObject({
        object: "charge",
        payment_intent: session.paymentIntent,
        metadata: { order_id: "ord-refund" },
      });
      expect(receiver.events()[0]).toMatchObject({
        type: "charge.refunded",
        request: { id: expect.stringMatching(/^req_/) as unknown },
      });

      const more = await stripe.refunds
        .create({ payment_intent: session.paymentIntent! })
        .catch((e: unknown) => e);
      expect(more).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
      expect(
        emulator.refunds.filter((r) => r.paymentIntent === session.paymentIntent).map((r) => r.amount),
      ).toEqual([1000, 3900]);
    });

    it("after-response: the reply does not wait for the app's answer to charge.refunded", async () => {
      const session = await paidSession("ord-after");
      receiver.hold();
      await stripe.refunds.create({ payment_intent: session.paymentIntent! }); // would hang if it waited
      await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1));
    });

    it("before-response: charge.refunded is delivered and answered before the reply", async () => {
      const before = await startStripeEmulator({
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        webhookUrl: receiver.url,
        refundEventTiming: "before-response",
      });
      try {
        const client = new Stripe(SECRET_KEY, { ...before.sdkOptions, maxNetworkRetries: 0 });
        const session = await client.checkout.sessions.create(sessionParams());
        const { session: paid } = await before.pay(session.id);
        receiver.deliveries.length = 0;
        receiver.hold();
        let replied = false;
        const refund = client.refunds
          .create({ payment_intent: paid.paymentIntent! })
          .then((r) => ((replied = true), r));
        await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1));
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(replied).toBe(false);
        receiver.release();
        expect((await refund).status).toBe("succeeded");
        expect(receiver.events()[0]?.type).toBe("charge.refunded");
      } finally {
        await before.close();
      }
    });

    it("refuses unknown and unpaid payment intents, and replays a keyed refund once", async () => {
      const unknown = await stripe.refunds.create({ payment_intent: "pi_unknown" }).catch((e: unknown) => e);
      expect(unknown).toMatchObject({ statusCode: 400, code: "resource_missing", param: "payment_intent" });
      const pending = await create();
      const { session } = await emulator.payAsync(pending.id);
      const unpaid = await stripe.refunds
        .create({ payment_intent: session.paymentIntent! })
        .catch((e: unknown) => e);
      expect(unpaid).toMatchObject({ statusCode: 400 });
      expect((unpaid as Error).message).toBe(
        `This PaymentIntent (${session.paymentIntent}) does not have a successful charge to refund.`,
      );

      const paid = await paidSession("ord-refund-key");
      const key = `refund-${paid.id}`;
      const first = await stripe.refunds.create(
        { payment_intent: paid.paymentIntent! },
        { idempotencyKey: key },
      );
      const second = await stripe.refunds.create(
        { payment_intent: paid.paymentIntent! },
        { idempotencyKey: key },
      );
      expect(second.id).toBe(first.id);
      await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.deliveries).toHaveLength(1);
      expect(emulator.refunds.filter((r) => r.paymentIntent === paid.paymentIntent)).toHaveLength(1);
    });
  });

  describe("failNext", () => {
    it('"500" answers Stripe\'s api_error, which the SDK raises as StripeAPIError', async () => {
      emulator.failNext("500");
      const error = await create().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(error).toMatchObject({ statusCode: 500, rawType: "api_error" });
      await expect(create()).resolves.toMatchObject({ status: "open" });
    });

    it("a single 500 is absorbed by the SDK's default retries, under the same idempotency key", async () => {
      const before = emulator.requests.length;
      emulator.failNext("500");
      const session = await sdk({ maxNetworkRetries: undefined }).checkout.sessions.create(sessionParams());
      const calls = emulator.requests.slice(before);
      expect(calls).toHaveLength(2);
      expect(calls[1]!.headers["idempotency-key"]).toBe(calls[0]!.headers["idempotency-key"]);
      expect(session.status).toBe("open");
    });

    it('"timeout" holds the reply; the SDK times out, retries with its key and gets the replay', async () => {
      emulator.failNext("timeout");
      const started = emulator.requests.length;
      const session = await sdk({ timeout: 300, maxNetworkRetries: 1 }).checkout.sessions.create(
        sessionParams({ client_reference_id: "ord-timeout" }),
      );
      const calls = emulator.requests.slice(started);
      expect(calls).toHaveLength(2);
      expect(emulator.findSessionByClientReference("ord-timeout")?.id).toBe(session.id);
      const timeoutError = await (async () => {
        emulator.failNext("timeout");
        return sdk({ timeout: 300 }).checkout.sessions.create(
          sessionParams({ client_reference_id: "ord-timeout-2" }),
        );
      })().catch((e: unknown) => e);
      expect(timeoutError).toBeInstanceOf(Stripe.errors.StripeConnectionError);
      expect(emulator.findSessionByClientReference("ord-timeout-2")?.status).toBe("open");
    });

    it("is reachable over HTTP", async () => {
      expect((await control("/fail-next", { mode: "500", count: 1 })).status).toBe(200);
      await expect(create()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
      await expect(create()).resolves.toBeDefined();
      expect((await control("/fail-next", { mode: "sometimes" })).status).toBe(400);
    });
  });

  describe("hosted page", () => {
    const post = (url: string) => fetch(url, { method: "POST", redirect: "manual" });

    it("shows the amount, the product and the four actions as plain forms", async () => {
      const session = await create();
      const response = await fetch(session.url!);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("49.00 USD");
      expect(html).toContain("Pro plan, 1 month");
      for (const [action, label] of [
        ["pay", "Pay"],
        ["pay-later", "Pay later"],
        ["cancel", "Cancel"],
        ["expire", "Let it expire"],
      ]) {
        expect(html).toMatch(
          new RegExp(`action="/c/pay/${session.id}/${action}"><button type="submit"[^>]*>${label}<`),
        );
      }
      expect(html).not.toContain("Settle:");
      expect(html).not.toMatch(/<(script|link)\b/);
    });

    it("Pay sends the event first, then 303s to success_url with the session id filled in", async () => {
      const session = await create();
      const response = await post(`${session.url}/pay`);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(
        `http://app.test/billing/return?session_id=${session.id}`,
      );
      expect(receiver.events().map((e) => e.type)).toEqual(["checkout.session.completed"]);
      const done = await (await fetch(session.url!)).text();
      expect(done).toContain("Payment complete.");
      expect(done).not.toContain("<button");
    });

    it("Cancel goes back to cancel_url and leaves the session open", async () => {
      const session = await create();
      const response = await post(`${session.url}/cancel`);
      expect(response.headers.get("location")).toBe("http://app.test/billing/cancelled");
      expect(emulator.getSession(session.id)?.status).toBe("open");
      expect(receiver.deliveries).toHaveLength(0);
    });

    it("Pay later, then the settle buttons; Let it expire goes to cancel_url", async () => {
      const session = await create();
      expect((await post(`${session.url}/pay-later`)).headers.get("location")).toContain(session.id);
      const pending = await (await fetch(session.url!)).text();
      expect(pending.match(/<button/g)).toHaveLength(2);
      expect(pending).toContain(">Settle: succeeded<");
      expect(pending).toContain(">Settle: failed<");
      const settled = await post(`${session.url}/settle-succeeded`);
      expect(settled.headers.get("location")).toBe(`/c/pay/${session.id}`);
      expect(emulator.getSession(session.id)?.paymentStatus).toBe("paid");

      const other = await create();
      expect((await post(`${other.url}/expire`)).headers.get("location")).toBe(
        "http://app.test/billing/cancelled",
      );
      expect((await post(`${other.url}/pay`)).status).toBe(409);
      expect(receiver.events().map((e) => e.type)).toEqual([
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.expired",
      ]);
    });
  });

  describe("control endpoints", () => {
    it("pay, pay-async, settle, expire and list over HTTP", async () => {
      const [a, b, c] = await Promise.all([create(), create(), create()]);
      expect(await (await control(`/sessions/${a.id}/pay`)).json()).toMatchObject({
        session: { status: "complete", paymentStatus: "paid" },
        eventStatus: 200,
      });
      await control(`/sessions/${b.id}/pay-async`);
      expect((await control(`/sessions/${b.id}/settle`, { outcome: "maybe" })).status).toBe(400);
      expect(await (await control(`/sessions/${b.id}/settle`, { outcome: "failed" })).json()).toMatchObject({
        session: { asyncPayment: "failed" },
      });
      expect(await (await control(`/sessions/${c.id}/expire`)).json()).toMatchObject({
        session: { status: "expired" },
      });
      expect((await control(`/sessions/${c.id}/expire`)).status).toBe(409);
      expect((await control(`/sessions/cs_test_nope/pay`)).status).toBe(404);
      expect((await control(`/events/evt_nope/resend`)).status).toBe(404);

      const list = (await (await fetch(`${emulator.url}/_emulator/sessions`)).json()) as Array<{
        id: string;
      }>;
      expect(list.map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      const events = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as Array<{
        type: string;
        sessionId: string;
      }>;
      expect(events.filter((e) => e.sessionId === b.id).map((e) => e.type)).toEqual([
        "checkout.session.completed",
        "checkout.session.async_payment_failed",
      ]);
    });
  });

  it("close() returns promptly with a keep-alive connection and a held reply open", async () => {
    const short = await startStripeEmulator({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
    await fetch(`${short.url}/`); // leaves a keep-alive socket
    short.failNext("timeout");
    const held = fetch(`${short.url}/v1/checkout/sessions/cs_test_x`, {
      headers: { authorization: `Bearer ${SECRET_KEY}` },
    }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(short.requests).toHaveLength(1));
    const started = Date.now();
    await short.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await held).toBeInstanceOf(Error);
  });
});

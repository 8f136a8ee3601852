import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { getProvider } from "@/lib/billing/providers/registry";
import {
  ProviderError,
  type CreatePaymentRequest,
  type PaymentProvider,
} from "@/lib/billing/providers/types";
import { withYooKassaEmulator, YOOKASSA_SECRET_KEY } from "./yookassa-context";

// The YooKassa adapter against the emulator, over real HTTP: retries with the same
// Idempotence-Key, YooKassa's refusals as ProviderErrors, receipts, refunds, status reports.

const yk = withYooKassaEmulator();

function yookassa(): PaymentProvider {
  const provider = getProvider("yookassa");
  if (!provider) throw new Error("YooKassa is not configured");
  return provider;
}

let order = 0;
function request(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
  order += 1;
  return {
    orderId: `ord_CLIENTTEST${String(order).padStart(10, "0")}`,
    amount: 149_000,
    currency: "RUB",
    email: "buyer@example.com",
    description: "Basic, 1 month",
    expiresInMinutes: 60,
    successUrl: "http://127.0.0.1:3999/dashboard/payment/success",
    ...overrides,
  };
}

const creates = (orderId: string) =>
  yk
    .emulator()
    .requests.filter((r) => r.method === "POST" && r.path === "/v3/payments")
    .filter((r) => (r.body as { metadata?: { order_id?: string } }).metadata?.order_id === orderId);

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  try {
    return await run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe("the YooKassa adapter", () => {
  it("retries a 500 with the same key and body, and makes one payment", async () => {
    yk.emulator().failNext("500");
    const input = request();
    const created = await yookassa().createPayment(input);
    const tries = creates(input.orderId);
    expect(tries).toHaveLength(2);
    expect(tries.map((t) => t.headers["idempotence-key"])).toEqual([
      `pay-${input.orderId}`,
      `pay-${input.orderId}`,
    ]);
    expect(tries[1]?.body).toEqual(tries[0]?.body);
    expect(
      yk
        .emulator()
        .payments()
        .filter((p) => p.metadata.order_id === input.orderId),
    ).toHaveLength(1);
    expect(created.providerRef).toBe(yk.emulator().findByOrderId(input.orderId)?.id);
  });

  it("gives up after three 500s with a message that names no secret", async () => {
    yk.emulator().failNext("500", 3);
    const input = request();
    const error = await yookassa()
      .createPayment(input)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe("YooKassa could not create the payment (HTTP 500 after 3 tries)");
    expect(creates(input.orderId)).toHaveLength(3);
    expect(yk.emulator().findByOrderId(input.orderId)).toBeUndefined();
  });

  it("turns a 4xx into a ProviderError with YooKassa's code, without retrying", async () => {
    const input = request({ currency: "USD" });
    const error = await yookassa()
      .createPayment(input)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe(
      "YooKassa refused to create the payment (HTTP 400: invalid_request: Invalid amount currency (amount.currency))",
    );
    expect((error as Error).message).not.toContain(YOOKASSA_SECRET_KEY);
    expect(creates(input.orderId)).toHaveLength(1);
  });

  it("cuts a long description to 128 characters", async () => {
    const input = request({ description: "Ё".repeat(200) });
    await yookassa().createPayment(input);
    expect(Array.from(yk.emulator().findByOrderId(input.orderId)?.description ?? "")).toHaveLength(128);
  });

  it("honours a 202's retry_after, then retries with the same key", async () => {
    const seen: { key: string | undefined; at: number }[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        seen.push({ key: req.headers["idempotence-key"] as string | undefined, at: Date.now() });
        if (seen.length === 1) {
          res.writeHead(202, { "content-type": "application/json" });
          res.end(JSON.stringify({ type: "processing", description: "Request accepted", retry_after: 300 }));
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "2f4b0c1e-000f-5000-9000-1b3c0e8f9a91",
            status: "pending",
            amount: { value: "1490.00", currency: "RUB" },
            confirmation: { type: "redirect", confirmation_url: "https://yoomoney.test/checkout/x" },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const created = await withEnv({ YOOKASSA_API_BASE: `http://127.0.0.1:${port}/v3` }, () =>
        yookassa().createPayment(request()),
      );
      expect(created).toMatchObject({
        providerRef: "2f4b0c1e-000f-5000-9000-1b3c0e8f9a91",
        paymentUrl: "https://yoomoney.test/checkout/x",
      });
      expect(seen).toHaveLength(2);
      expect(seen[1]?.key).toBe(seen[0]?.key);
      expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(290);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("receipts (54-FZ)", () => {
  const receipts = { YOOKASSA_RECEIPTS: "true", YOOKASSA_VAT_CODE: "4" };

  it("are sent with the buyer's email and the configured VAT code", async () => {
    const input = request({ amount: 229_000, description: "Pro, 1 month" });
    await withEnv(receipts, () => yookassa().createPayment(input));
    expect(yk.emulator().findByOrderId(input.orderId)?.receipt).toEqual({
      customer: { email: "buyer@example.com" },
      items: [
        {
          description: "Pro, 1 month",
          quantity: "1.00",
          amount: { value: "2290.00", currency: "RUB" },
          vat_code: 4,
          payment_subject: "service",
          payment_mode: "full_payment",
        },
      ],
    });
  });

  it("need an email: a buyer without one is refused before YooKassa is asked", async () => {
    const input = request({ email: null });
    const error = await withEnv(receipts, () => yookassa().createPayment(input)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/email/);
    expect(creates(input.orderId)).toHaveLength(0);
  });

  it("go with a refund too, for the same buyer", async () => {
    const input = request();
    const created = await withEnv(receipts, () => yookassa().createPayment(input));
    await yk.emulator().pay(created.providerRef, { notify: false });
    await withEnv(receipts, () =>
      yookassa().refund!({
        providerRef: created.providerRef,
        orderId: input.orderId,
        currency: "RUB",
        amount: 50_000,
        alreadyRefunded: 0,
      }),
    );
    const refund = yk
      .emulator()
      .refunds()
      .find((r) => r.paymentId === created.providerRef);
    expect(refund?.receipt).toMatchObject({
      customer: { email: "buyer@example.com" },
      items: [{ description: "Basic, 1 month", amount: { value: "500.00", currency: "RUB" }, vat_code: 4 }],
    });
  });
});

describe("refunds and status reports", () => {
  it("refunds once per key, and reports the refunded total", async () => {
    const input = request();
    const created = await yookassa().createPayment(input);
    expect(await yookassa().fetchStatus(created.providerRef)).toMatchObject({
      status: "pending",
      providerRef: created.providerRef,
    });
    await yk.emulator().pay(created.providerRef, { notify: false });
    expect(await yookassa().fetchStatus(created.providerRef)).toMatchObject({
      status: "completed",
      amountReceived: 149_000,
      amountRefunded: 0,
      currency: "RUB",
    });

    const refund = {
      providerRef: created.providerRef,
      orderId: input.orderId,
      currency: "RUB",
      amount: 49_000,
    };
    const first = await yookassa().refund!({ ...refund, alreadyRefunded: 0 });
    const again = await yookassa().refund!({ ...refund, alreadyRefunded: 0 }); // a retry, or a second admin
    expect(first).toEqual({ state: "succeeded", providerStatus: "refund succeeded" });
    expect(again).toEqual(first);
    expect(
      yk
        .emulator()
        .refunds()
        .filter((r) => r.paymentId === created.providerRef),
    ).toHaveLength(1);
    expect(await yookassa().fetchStatus(created.providerRef)).toMatchObject({
      status: "completed",
      amountRefunded: 49_000,
    });

    await yookassa().refund!({ ...refund, amount: 100_000, alreadyRefunded: 49_000 });
    expect(await yookassa().fetchStatus(created.providerRef)).toMatchObject({
      status: "refunded",
      amountReceived: 149_000,
      amountRefunded: 149_000,
    });
    const refused = await yookassa().refund!({ ...refund, amount: 1, alreadyRefunded: 149_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(refused).toBeInstanceOf(ProviderError);
  });

  it("reports a payment YooKassa does not know as null", async () => {
    expect(await yookassa().fetchStatus("00000000-000f-5000-9000-000000000000")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { POST as createCustomer } from "@/app/api/v1/customers/route";
import { GET as showCustomer } from "@/app/api/v1/customers/[id]/route";
import { POST as charge } from "@/app/api/v1/operations/route";
import { POST as complete } from "@/app/api/v1/operations/[id]/complete/route";
import { POST as refund } from "@/app/api/v1/operations/[id]/refund/route";
import { POST as usage } from "@/app/api/v1/usage/route";
import { createApiKey } from "@/lib/billing/api-keys/keys";
import { seedOperationTypes } from "@/lib/billing/wallet/operation-types";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { paidTopUp } from "./wallet-fixtures";

// /api/v1 through its route handlers, as the product's backend calls it: the key and its scope,
// the body's schema, and every answer in the documented shape (money in minor units with its
// currency; errors in one envelope).

await seedOperationTypes();
const { key } = await createApiKey({
  name: "backend",
  scopes: ["operations", "usage", "customers"],
  createdById: null,
});
const { key: otherKey } = await createApiKey({ name: "other", scopes: ["operations"], createdById: null });

type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of every route, read loosely
type Answer = Record<string, any>;
async function call(handler: unknown, body?: unknown, params: Record<string, string> = {}, bearer = key) {
  const request = new Request("http://127.0.0.1/api/v1", {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await (handler as Handler)(request, { params: Promise.resolve(params as never) });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer,
  };
}

describe("/api/v1", () => {
  it("gets or creates a Telegram customer once, with its free operations and quota", async () => {
    const telegramId = String(900_000_000 + Math.floor(Math.random() * 1_000_000));
    const first = await call(createCustomer, { telegramId });
    const again = await call(createCustomer, { telegramId });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.customer).toMatchObject({
      id: first.body.customer.id,
      email: null,
      telegramId,
      balance: { amount: 0, currency: "RUB" },
      freeOperationsLeft: 4,
      quota: { used: 0, limit: expect.any(Number), resetsAt: expect.any(String) },
    });
    expect((await call(showCustomer, undefined, { id: first.body.customer.id })).body).toEqual(again.body);
  });

  it("charges 5 operations: 4 free, then 10 ₽; then 402 with the shortfall and a top-up URL", async () => {
    const user = await customer("api-charge");
    await paidTopUp(user.id, 10);
    const answers = [];
    for (let i = 1; i <= 6; i++) {
      answers.push(
        await call(charge, {
          customer: { email: user.email },
          type: "generate",
          idempotencyKey: `c${i}-${user.id}`,
        }),
      );
    }
    expect(answers.slice(0, 5).map((answer) => [answer.status, answer.body.operation.paidWith])).toEqual([
      [201, "free_credit"],
      [201, "free_credit"],
      [201, "free_credit"],
      [201, "free_credit"],
      [201, "balance"],
    ]);
    expect(answers[4]!.body).toMatchObject({
      operation: { type: "generate", price: { amount: 1_000, currency: "RUB" }, status: "completed" },
      remaining: { balance: { amount: 0, currency: "RUB" }, freeOperationsLeft: 0 },
    });
    expect(answers[5]).toMatchObject({
      status: 402,
      body: {
        error: {
          code: "insufficient_funds",
          details: {
            shortfall: { amount: 1_000, currency: "RUB" },
            topUpUrl: expect.stringContaining("/dashboard/balance"),
          },
        },
      },
    });
  });

  it("answers a retry the same, refuses another body with the key (409) and an unknown type (422)", async () => {
    const user = await customer("api-idem");
    const body = { customer: { id: user.id }, type: "edit", idempotencyKey: `k-${user.id}` };
    const first = await call(charge, body);
    const second = await call(charge, body);
    expect(second).toMatchObject({ status: first.status, body: first.body });
    expect((await call(charge, { ...body, type: "merge" })).status).toBe(409);
    expect((await call(charge, { ...body, idempotencyKey: "new", type: "teleport" })).body.error.code).toBe(
      "unknown_operation_type",
    );
    expect((await call(charge, { ...body, customer: { email: "nobody@example.com" } })).status).toBe(404);
    expect(
      (await call(charge, { ...body, idempotencyKey: "x", customer: { id: "no-such-customer" } })).body.error
        .code,
    ).toBe("customer_not_found");
  });

  it("holds, completes and refunds; another key's operation is not found; a second refund is 409", async () => {
    const user = await customer("api-hold");
    const held = await call(charge, {
      customer: { id: user.id },
      type: "upscale",
      idempotencyKey: `h-${user.id}`,
      hold: true,
    });
    const id = held.body.operation.id as string;
    expect(held.body.operation).toMatchObject({ status: "held", holdExpiresAt: expect.any(String) });
    expect((await call(refund, {}, { id }, otherKey)).status).toBe(404);
    expect((await call(complete, {}, { id })).body.operation.status).toBe("completed");
    expect((await call(complete, {}, { id })).status).toBe(409);
    const refunded = await call(refund, {}, { id });
    expect(refunded.body).toMatchObject({
      operation: { status: "refunded" },
      remaining: { freeOperationsLeft: 4 },
    });
    expect((await call(refund, {}, { id })).body.error.code).toBe("already_refunded");
  });

  it("counts usage against the quota, and over it answers 429 with Retry-After", async () => {
    const user = await customer("api-usage");
    const sub = await db.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    await db.subscription.update({
      where: { userId: user.id },
      data: { requestsUsed: sub.requestsLimit - 2 },
    });
    const ok = await call(usage, { customer: { id: user.id }, requests: 2 });
    expect(ok).toMatchObject({
      status: 200,
      body: { quota: { used: sub.requestsLimit, limit: sub.requestsLimit } },
    });
    const over = await call(usage, { customer: { id: user.id } });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(over.body.error).toMatchObject({
      code: "quota_exceeded",
      details: { quota: { used: sub.requestsLimit } },
    });
  });

  it("enforces scopes: a key without `customers` gets 403", async () => {
    expect((await call(createCustomer, { email: "scoped@example.com" }, {}, otherKey)).status).toBe(403);
  });
});

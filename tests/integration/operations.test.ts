import { describe, expect, it } from "vitest";
import { countRequests } from "@/lib/billing/subscriptions/usage";
import { adjustWallet, balanceOf } from "@/lib/billing/wallet/ledger";
import {
  chargeOperation,
  completeOperation,
  refundExpiredHolds,
  refundOperation,
  withCharge,
  type ChargeRequest,
} from "@/lib/billing/wallet/operations";
import { seedOperationTypes } from "@/lib/billing/wallet/operation-types";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { ledgerOf, paidTopUp } from "./wallet-fixtures";

// Charging operations against the wallet on a real PostgreSQL: free credits first, then the
// price from the balance, atomic under concurrency, idempotent per key, refundable once; holds
// released by the sweep; the request quota counted by one conditional update.

await seedOperationTypes();
let keys = 0;
const charge = (userId: string, over: Partial<ChargeRequest> = {}) => {
  const key = over.idempotencyKey ?? `key-${++keys}`;
  return chargeOperation({
    userId,
    type: "generate",
    idempotencyKey: key,
    apiKeyId: null,
    requestFingerprint: `${userId}:generate:${key}`,
    ...over,
  });
};
const wallet = (userId: string) => db.wallet.findFirstOrThrow({ where: { userId, currency: "RUB" } });

describe("charging an operation", () => {
  it("uses the 4 free operations first: the 5th of a new customer is the first charged", async () => {
    const user = await customer("ops-free");
    await paidTopUp(user.id, 100);
    const fundings = [];
    for (let i = 0; i < 5; i++) {
      const result = await charge(user.id);
      if (result.kind !== "charged") throw new Error(result.kind);
      fundings.push([result.operation.funding, result.operation.price]);
    }
    expect(fundings).toEqual([
      ["free_credit", 0],
      ["free_credit", 0],
      ["free_credit", 0],
      ["free_credit", 0],
      ["balance", 1_000],
    ]);
    expect(await wallet(user.id)).toMatchObject({ balance: 9_000, freeOperationsLeft: 0 });
  });

  it("32 at once against a balance that covers 10: exactly 10 charged, 22 refused, balance 0", async () => {
    const user = await customer("ops-race");
    await db.wallet.update({
      where: { userId_currency: { userId: user.id, currency: "RUB" } },
      data: { freeOperationsLeft: 0 },
    });
    await paidTopUp(user.id, 100);
    const results = await Promise.all(Array.from({ length: 32 }, () => charge(user.id)));
    const kinds = results.map((result) => result.kind);
    expect(kinds.filter((kind) => kind === "charged")).toHaveLength(10);
    expect(kinds.filter((kind) => kind === "insufficient")).toHaveLength(22);
    expect(results.find((result) => result.kind === "insufficient")).toMatchObject({
      shortfall: 1_000,
      balance: 0,
    });
    expect(await balanceOf(user.id)).toBe(0);
    expect(await db.operation.count({ where: { userId: user.id } })).toBe(10);
    expect((await ledgerOf(user.id)).filter((entry) => entry.kind === "charge")).toHaveLength(10);
  });

  it("50 at once with one idempotency key: one operation, 50 identical answers; another body → refused", async () => {
    const user = await customer("ops-idem");
    // Idempotency keys are per API key (in-app charges, without one, use fresh keys).
    const apiKey = await db.apiKey.create({
      data: { name: "test", prefix: "bk_test", hash: `test-${user.id}`, scopes: ["operations"] },
    });
    const same = { idempotencyKey: "same", apiKeyId: apiKey.id };
    const results = await Promise.all(Array.from({ length: 50 }, () => charge(user.id, same)));
    const answers = new Set(results.map((result) => JSON.stringify({ ...result, replayed: undefined })));
    expect(answers.size).toBe(1);
    expect(results.filter((result) => result.kind === "charged" && !result.replayed)).toHaveLength(1);
    expect(await db.operation.count({ where: { userId: user.id } })).toBe(1);
    expect((await wallet(user.id)).freeOperationsLeft).toBe(3);
    expect(
      await charge(user.id, {
        ...same,
        requestFingerprint: `${user.id}:edit:same`,
        type: "edit",
      }),
    ).toEqual({ kind: "key_reused" });
  });

  it("answers an unknown or inactive type without charging", async () => {
    const user = await customer("ops-type");
    expect(await charge(user.id, { type: "teleport" })).toEqual({ kind: "unknown_type" });
    expect((await wallet(user.id)).freeOperationsLeft).toBe(4);
  });

  it("a free type costs nothing and uses no credit", async () => {
    const user = await customer("ops-add-text");
    const result = await charge(user.id, { type: "add_text" });
    expect(result).toMatchObject({ kind: "charged", operation: { funding: "none", price: 0 } });
    expect((await wallet(user.id)).freeOperationsLeft).toBe(4);
  });
});

describe("refunds and holds", () => {
  it("gives back exactly what was taken, once: a charged, a free and a held operation", async () => {
    const user = await customer("ops-refund");
    await db.wallet.update({
      where: { userId_currency: { userId: user.id, currency: "RUB" } },
      data: { freeOperationsLeft: 1 },
    });
    await paidTopUp(user.id, 100);
    const free = await charge(user.id);
    const paid = await charge(user.id);
    const held = await charge(user.id, { hold: true });
    if (free.kind !== "charged" || paid.kind !== "charged" || held.kind !== "charged")
      throw new Error("not charged");
    expect(held.operation).toMatchObject({ status: "held", funding: "balance" });
    expect(await wallet(user.id)).toMatchObject({ balance: 8_000, freeOperationsLeft: 0 });

    expect(await refundOperation(paid.operation.id)).toMatchObject({
      kind: "refunded",
      remaining: { balance: 9_000 },
    });
    expect(await refundOperation(free.operation.id)).toMatchObject({
      kind: "refunded",
      remaining: { freeOperationsLeft: 1 },
    });
    expect(await refundOperation(held.operation.id)).toMatchObject({
      kind: "refunded",
      remaining: { balance: 10_000 },
    });
    expect(await refundOperation(paid.operation.id)).toEqual({ kind: "conflict", status: "refunded" });
    expect(await refundOperation("no-such-operation")).toEqual({ kind: "not_found" });
    expect(await wallet(user.id)).toMatchObject({ balance: 10_000, freeOperationsLeft: 1 });
  });

  it("a hold is completed once; an expired one is refunded by the sweep exactly once with two sweeps racing", async () => {
    const user = await customer("ops-hold");
    const kept = await charge(user.id, { hold: true });
    const lost = await charge(user.id, { hold: true });
    if (kept.kind !== "charged" || lost.kind !== "charged") throw new Error("not charged");
    expect(await completeOperation(kept.operation.id)).toMatchObject({ kind: "completed" });
    expect(await completeOperation(kept.operation.id)).toEqual({ kind: "conflict", status: "completed" });

    const later = new Date(Date.now() + 16 * 60_000);
    const [a, b] = await Promise.all([refundExpiredHolds(later), refundExpiredHolds(later)]);
    expect(a.refunded + b.refunded).toBeGreaterThanOrEqual(1);
    expect(await db.operation.findUniqueOrThrow({ where: { id: lost.operation.id } })).toMatchObject({
      status: "refunded",
    });
    expect(await db.operation.findUniqueOrThrow({ where: { id: kept.operation.id } })).toMatchObject({
      status: "completed",
    });
    expect((await wallet(user.id)).freeOperationsLeft).toBe(3);
  });

  it("withCharge completes on success and refunds when the work throws", async () => {
    const user = await customer("ops-with-charge");
    const done = await withCharge({ userId: user.id }, "generate", () => Promise.resolve("picture"));
    expect(done).toMatchObject({ kind: "done", value: "picture" });
    await expect(
      withCharge({ userId: user.id }, "generate", () => Promise.reject(new Error("the model failed"))),
    ).rejects.toThrow("the model failed");
    const operations = await db.operation.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: "asc" },
    });
    expect(operations.map((operation) => operation.status)).toEqual(["completed", "refunded"]);
    expect((await wallet(user.id)).freeOperationsLeft).toBe(3);
  });
});

describe("the request quota", () => {
  it("100 at once against 50 left: 50 counted, 50 refused, never over the limit", async () => {
    const user = await customer("quota");
    const sub = await db.subscription.findUniqueOrThrow({ where: { userId: user.id } });
    await db.subscription.update({
      where: { userId: user.id },
      data: { requestsUsed: sub.requestsLimit - 50 },
    });
    const results = await Promise.all(Array.from({ length: 100 }, () => countRequests(user.id, 1)));
    expect(results.filter((result) => result.kind === "counted")).toHaveLength(50);
    expect(results.filter((result) => result.kind === "over")).toHaveLength(50);
    expect((await db.subscription.findUniqueOrThrow({ where: { userId: user.id } })).requestsUsed).toBe(
      sub.requestsLimit,
    );
  });

  it("a month that has ended is reset before counting", async () => {
    const user = await customer("quota-reset");
    await db.subscription.update({
      where: { userId: user.id },
      data: { requestsUsed: 7, usageResetsAt: new Date(Date.now() - 1000) },
    });
    expect(await countRequests(user.id, 2)).toMatchObject({ kind: "counted", quota: { used: 2 } });
  });
});

describe("an admin adjustment between charges", () => {
  it("keeps the balance the sum of its ledger", async () => {
    const user = await customer("ops-adjust");
    await db.wallet.update({
      where: { userId_currency: { userId: user.id, currency: "RUB" } },
      data: { freeOperationsLeft: 0 },
    });
    await adjustWallet({ userId: user.id, amount: 2_500, reason: "goodwill", actorId: user.id });
    await Promise.all([charge(user.id), charge(user.id), charge(user.id)]);
    expect(await balanceOf(user.id)).toBe(500);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustWallet } from "@/lib/billing/wallet/ledger";
import { seedOperationTypes } from "@/lib/billing/wallet/operation-types";
import { chargeOperation, completeOperation, refundOperation } from "@/lib/billing/wallet/operations";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { paidTopUp } from "./wallet-fixtures";

// Any interleaving of top-ups, charges (some as holds), completions, refunds and admin
// adjustments, some of them concurrent, against the real database: the balance and the free
// operations never go below zero, the balance is the sum of its ledger, and the free operations
// left are the initial grant minus the credits in use.

type Step =
  | { kind: "topup"; rubles: number }
  | { kind: "charge"; hold: boolean; type: "generate" | "add_text"; parallel: number }
  | { kind: "complete" | "refund"; pick: number }
  | { kind: "adjust"; kopecks: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("topup" as const), rubles: fc.integer({ min: 10, max: 60 }) }),
  fc.record({
    kind: fc.constant("charge" as const),
    hold: fc.boolean(),
    type: fc.constantFrom("generate" as const, "add_text" as const),
    parallel: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ kind: fc.constantFrom("complete" as const, "refund" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("adjust" as const),
    kopecks: fc.integer({ min: -3_000, max: 3_000 }).filter(Boolean),
  }),
);

describe("operations on the wallet (property)", () => {
  it(
    "keep balance ≥ 0, free ≥ 0, balance = Σ ledger and free = grant − credits in use",
    { timeout: 180_000 },
    async () => {
      await seedOperationTypes();
      const admin = await customer("ops-property-admin");
      let keys = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          const user = await customer("ops-property");
          const grant = (await db.wallet.findFirstOrThrow({ where: { userId: user.id } })).freeOperationsLeft;
          const operations: string[] = [];
          for (const next of steps) {
            if (next.kind === "topup") await paidTopUp(user.id, next.rubles);
            if (next.kind === "adjust") {
              await adjustWallet({
                userId: user.id,
                amount: next.kopecks,
                reason: "property",
                actorId: admin.id,
              });
            }
            if (next.kind === "charge") {
              const results = await Promise.all(
                Array.from({ length: next.parallel }, () => {
                  const key = `p-${++keys}`;
                  return chargeOperation({
                    userId: user.id,
                    type: next.type,
                    idempotencyKey: key,
                    apiKeyId: null,
                    requestFingerprint: key,
                    hold: next.hold,
                  });
                }),
              );
              for (const result of results)
                if (result.kind === "charged") operations.push(result.operation.id);
            }
            if ((next.kind === "complete" || next.kind === "refund") && operations.length > 0) {
              const id = operations[next.pick % operations.length]!;
              await (next.kind === "complete" ? completeOperation(id) : refundOperation(id));
            }
            const wallet = await db.wallet.findFirstOrThrow({ where: { userId: user.id } });
            const [sum] = await db.$queryRaw<{ sum: bigint | null }[]>`
            SELECT SUM(amount) AS sum FROM "LedgerEntry" WHERE "walletId" = ${wallet.id}`;
            const creditsInUse = await db.operation.count({
              where: { userId: user.id, funding: "free_credit", status: { not: "refunded" } },
            });
            expect(wallet.balance).toBeGreaterThanOrEqual(0);
            expect(wallet.freeOperationsLeft).toBeGreaterThanOrEqual(0);
            expect(BigInt(wallet.balance)).toBe(sum?.sum ?? 0n);
            expect(wallet.freeOperationsLeft).toBe(grant - creditsInUse);
          }
        }),
        { numRuns: 25 },
      );
    },
  );
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { refundPayment } from "@/lib/billing/payments/refund";
import { adjustWallet } from "@/lib/billing/wallet/ledger";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { paidTopUp, yookassaReport } from "./wallet-fixtures";

// Any interleaving of top-ups, admin adjustments and top-up refunds (by an admin here, or made in
// YooKassa's dashboard and learnt from its notification), against the real database: the balance
// never goes below zero and always equals the sum of its ledger.

type Step =
  | { kind: "topup"; rubles: number }
  | { kind: "adjust"; kopecks: number }
  | { kind: "refund"; pick: number; share: number; at: "admin" | "provider" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("topup" as const), rubles: fc.integer({ min: 10, max: 1_000 }) }),
  fc.record({
    kind: fc.constant("adjust" as const),
    kopecks: fc.integer({ min: -50_000, max: 50_000 }).filter(Boolean),
  }),
  fc.record({
    kind: fc.constant("refund" as const),
    pick: fc.nat(),
    share: fc.double({ min: 0.01, max: 1, noNaN: true }),
    at: fc.constantFrom("admin" as const, "provider" as const),
  }),
);

describe("the wallet (property)", () => {
  it("keeps balance ≥ 0 and balance = Σ ledger under any sequence", { timeout: 120_000 }, async () => {
    const admin = await customer("property-admin");
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const user = await customer("property");
        const topUps: { id: string; providerRef: string | null; amount: number }[] = [];
        for (const next of steps) {
          if (next.kind === "topup") topUps.push(await paidTopUp(user.id, next.rubles));
          if (next.kind === "adjust") {
            await adjustWallet({
              userId: user.id,
              amount: next.kopecks,
              reason: "property",
              actorId: admin.id,
            });
          }
          if (next.kind === "refund" && topUps.length > 0) {
            const target = topUps[next.pick % topUps.length]!;
            const payment = await db.payment.findUniqueOrThrow({ where: { id: target.id } });
            const left = payment.amount - payment.amountRefunded;
            if (left <= 0) continue;
            const amount = Math.max(1, Math.floor(left * next.share));
            if (next.at === "admin") {
              await refundPayment(payment.id, admin, { amount: (amount / 100).toFixed(2), endTime: false });
            } else {
              const total = payment.amountRefunded + amount;
              await applyProviderReport(
                yookassaReport(target, {
                  status: total === payment.amount ? "refunded" : "completed",
                  amountRefunded: total,
                }),
                { source: "webhook" },
              );
            }
          }
          const [row] = await db.$queryRaw<{ balance: number | null; sum: bigint | null }[]>`
            SELECT (SELECT balance FROM "Wallet" WHERE "userId" = ${user.id}) AS balance,
                   (SELECT SUM(e.amount) FROM "LedgerEntry" e JOIN "Wallet" w ON w.id = e."walletId"
                     WHERE w."userId" = ${user.id}) AS sum`;
          const balance = row?.balance ?? 0;
          expect(balance).toBeGreaterThanOrEqual(0);
          expect(BigInt(balance)).toBe(row?.sum ?? 0n);
        }
      }),
      { numRuns: 25 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { refundPayment } from "@/lib/billing/payments/refund";
import { adjustWallet, applyLedgerChange, balanceOf } from "@/lib/billing/wallet/ledger";
import { db } from "@/lib/db";
import { customer } from "./helpers";
import { ledgerOf, paidTopUp, pendingTopUp, yookassaReport } from "./wallet-fixtures";

// The wallet against a real PostgreSQL: a top-up is credited exactly once, by the apply path;
// debits never overdraw; refunds of top-ups give back at most what is left. (After every test
// the setup checks that each balance is the sum of its ledger.)

async function staff() {
  const user = await customer("admin");
  return db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
}

describe("a top-up", () => {
  it("is credited once, however many identical notifications apply at once", async () => {
    const user = await customer("topup");
    const payment = await pendingTopUp(user.id, 300);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => applyProviderReport(yookassaReport(payment), { source: "webhook" })),
    );
    expect(results.filter((result) => result.outcome === "applied")).toHaveLength(1);
    expect(await balanceOf(user.id)).toBe(30_000);
    const ledger = await ledgerOf(user.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({
      kind: "topup",
      amount: 30_000,
      balanceAfter: 30_000,
      paymentId: payment.id,
    });
  });

  it("is not credited for another currency or less than we stored, and says why", async () => {
    const user = await customer("topup-mismatch");
    const payment = await pendingTopUp(user.id, 300);
    const wrongCurrency = await applyProviderReport(yookassaReport(payment, { currency: "USD" }), {
      source: "webhook",
    });
    expect(wrongCurrency).toMatchObject({ outcome: "ignored", detail: "currency USD ≠ RUB" });
    await applyProviderReport(yookassaReport(payment, { amountReceived: 29_900 }), { source: "webhook" });
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "partially_paid",
      amountReceived: 29_900,
    });
    expect(await balanceOf(user.id)).toBe(0);
  });

  it("refunded in part at the provider debits the wallet by that much; beyond the balance, what is there and an attention mark", async () => {
    const user = await customer("topup-refund");
    const payment = await paidTopUp(user.id, 300);
    await applyProviderReport(yookassaReport(payment, { amountRefunded: 10_000 }), { source: "webhook" });
    expect(await balanceOf(user.id)).toBe(20_000);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "completed",
      amountRefunded: 10_000,
      attentionReason: null,
    });

    // The customer spends 150 ₽; then the rest (200 ₽) is refunded in YooKassa's dashboard.
    await adjustWallet({ userId: user.id, amount: -15_000, reason: "spent", actorId: user.id });
    await applyProviderReport(
      yookassaReport(payment, { status: "refunded", providerStatus: "succeeded", amountRefunded: 30_000 }),
      { source: "webhook" },
    );
    expect(await balanceOf(user.id)).toBe(0);
    const refunded = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(refunded).toMatchObject({ status: "refunded", amountRefunded: 30_000 });
    expect(refunded.attentionReason).toMatch(/exceeds the balance by ₽150\.00 \(debited ₽50\.00\)/);
    const kinds = (await ledgerOf(user.id)).map((entry) => [entry.kind, entry.amount]);
    expect(kinds).toEqual([
      ["topup", 30_000],
      ["topup_refund", -10_000],
      ["adjustment", -15_000],
      ["topup_refund", -5_000],
    ]);
  });

  it("refunded by an admin: at most what is left in the wallet, else refused with that amount", async () => {
    const user = await customer("topup-admin-refund");
    const payment = await paidTopUp(user.id, 300);
    await adjustWallet({ userId: user.id, amount: -25_000, reason: "spent", actorId: user.id });
    const by = await staff();
    const refused = await refundPayment(payment.id, by, { amount: "100.00", endTime: false });
    expect(refused).toEqual({
      ok: false,
      code: "refund_exceeds_balance",
      values: { refundable: { money: 5_000, currency: "RUB" } },
    });
    expect(await balanceOf(user.id)).toBe(5_000);
  });
});

describe("debits", () => {
  it("never overdraw: two racing for the last roubles, one wins", async () => {
    const user = await customer("race");
    await paidTopUp(user.id, 100);
    const debit = (n: number) =>
      db.$transaction((tx) =>
        applyLedgerChange(tx, {
          userId: user.id,
          currency: "RUB",
          kind: "charge",
          amount: -6_000,
          sourceKey: `operation:race-${user.id}-${n}`,
          description: "operation",
        }),
      );
    const results = await Promise.all([debit(1), debit(2)]);
    expect(results.map((result) => result.kind).sort()).toEqual(["applied", "insufficient"]);
    expect(await balanceOf(user.id)).toBe(4_000);
  });

  it("an admin's debit larger than the balance is refused with the balance", async () => {
    const user = await customer("adjust");
    const by = await staff();
    expect(
      await adjustWallet({ userId: user.id, amount: 5_000, reason: "goodwill", actorId: by.id }),
    ).toEqual({
      ok: true,
      balanceAfter: 5_000,
    });
    const refused = await adjustWallet({ userId: user.id, amount: -6_000, reason: "oops", actorId: by.id });
    expect(refused).toEqual({
      ok: false,
      code: "balance_too_low",
      values: { balance: { money: 5_000, currency: "RUB" } },
    });
    const [entry] = await ledgerOf(user.id);
    expect(entry).toMatchObject({ kind: "adjustment", actorId: by.id, reason: "goodwill" });
  });
});

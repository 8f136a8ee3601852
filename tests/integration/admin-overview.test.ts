import { describe, expect, it } from "vitest";
import { formatMinorAmount, toMinorAmount } from "@/lib/billing/admin/minor-amount";
import { getAdminOverview } from "@/lib/billing/admin/overview";
import {
  activeSubscriptionsByPlan,
  mrrByCurrency,
  paymentStatusCounts,
  revenueByDay,
  revenueTotals,
  revenueWindow,
  roundHalfUp,
} from "@/lib/billing/admin/revenue";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { formatMoney } from "@/lib/billing/pricing";
import { db } from "@/lib/db";
import { DAY, insertPayment, putOnPlan } from "./admin-fixtures";
import { customer, pendingPlanPayment } from "./helpers";

// Each test works in its own stretch of time (its `now` lies years from the others), so the
// windowed figures see only that test's payments. The subscription figures are not windowed:
// that test runs first, before any other test in this file creates an account.

describe("active subscriptions and MRR", () => {
  const now = new Date("2029-05-01T12:00:00Z");
  const ahead = new Date(now.getTime() + 200 * DAY);
  const before = (days: number) => new Date(now.getTime() - days * DAY);

  it("counts paid-up subscriptions per plan and prices MRR from each one's latest payment, rounding once", async () => {
    const subscriber = async (plan: string, end: Date | null = ahead) => {
      const user = await customer("mrr");
      await putOnPlan(user.id, plan, end);
      return user.id;
    };
    const paid = (
      userId: string,
      plan: string,
      months: number,
      amount: number,
      currency = "USD",
      daysAgo = 10,
    ) =>
      insertPayment({ userId, plan, months, amount, currency, status: "completed", paidAt: before(daysAgo) });

    // USD: three 12-month payments of 1001 (83.41666… a month each), a basic month, a starter
    // year of 3 (0.25 a month), and a pro month: 600606/12 = 50050.5 → 50051. Rounding each
    // subscription first would give 83 × 3 + 19900 + 0 + 29900 = 50049.
    for (let i = 0; i < 3; i++) {
      const id = await subscriber("pro");
      await paid(id, "pro", 1, 29_900, "USD", 60); // older: the latest payment decides
      await paid(id, "pro", 12, 1001);
      await insertPayment({
        userId: id,
        plan: "pro",
        months: 1,
        amount: 99_999,
        status: "refunded",
        paidAt: before(1),
      });
      await insertPayment({
        userId: id,
        plan: "pro",
        months: 1,
        amount: 88_888,
        status: "pending",
        createdAt: before(1),
      });
    }
    await paid(await subscriber("basic"), "basic", 1, 19_900);
    await paid(await subscriber("starter"), "starter", 12, 3);
    const switched = await subscriber("pro");
    await paid(switched, "pro", 1, 29_900, "USD", 40);
    await paid(switched, "starter", 1, 12_900, "USD", 5); // for another plan: not this subscription's price
    // RUB, never added to USD: a pro month and a business year (3,229,200 / 12 = 269,100).
    await paid(await subscriber("pro"), "pro", 1, 229_000, "RUB");
    await paid(await subscriber("business"), "business", 12, 3_229_200, "RUB");
    // Not counted in MRR: a period that has ended, a canceled subscription, free accounts.
    await paid(await subscriber("pro", before(1)), "pro", 1, 29_900);
    const canceled = await customer("mrr-canceled");
    await putOnPlan(canceled.id, "enterprise", ahead, "canceled");
    await paid(canceled.id, "enterprise", 1, 59_900);
    await customer("mrr-free");
    await customer("mrr-free");
    // Active and paid up, but no completed payment for the plan: granted by hand...
    await subscriber("pro");
    // ...or bought through the real apply path, then refunded (the period stays, the money doesn't).
    const refunded = await customer("mrr-refunded");
    const payment = await pendingPlanPayment(refunded.id, { plan: "pro", months: 12 });
    const report = {
      provider: "cryptocloud" as const,
      providerRef: payment.providerRef,
      amountReceived: payment.amount,
      currency: "USD",
    };
    await applyProviderReport(
      { ...report, status: "completed", providerStatus: "paid" },
      { source: "webhook", now: before(3) },
    );
    await applyProviderReport(
      { ...report, status: "refunded", providerStatus: "refunded" },
      { source: "admin", now: before(2) },
    );
    expect(await db.subscription.findUniqueOrThrow({ where: { userId: refunded.id } })).toMatchObject({
      status: "active",
      planId: payment.planId,
    });

    expect(await activeSubscriptionsByPlan({ now })).toEqual({
      plans: [
        { planId: expect.any(String), slug: "starter", name: "Starter", count: 1 },
        { planId: expect.any(String), slug: "basic", name: "Basic", count: 1 },
        { planId: expect.any(String), slug: "pro", name: "Pro", count: 7 },
        { planId: expect.any(String), slug: "business", name: "Business", count: 1 },
        { planId: expect.any(String), slug: "enterprise", name: "Enterprise", count: 0 },
      ],
      free: 2,
      lapsed: 1,
    });

    const mrr = await mrrByCurrency({ now });
    expect(mrr).toEqual({
      currencies: [
        {
          currency: "RUB",
          amount: 498_100,
          exact: { numerator: "5977200", denominator: "12" },
          subscriptions: 2,
        },
        {
          currency: "USD",
          amount: 50_051,
          exact: { numerator: "600606", denominator: "12" },
          subscriptions: 6,
        },
      ],
      unpriced: 2,
    });
    expect(formatMinorAmount(mrr.currencies[1]!.amount, "USD", "en")).toBe("$500.51");
  });

  it("rounds a fraction half up, once", () => {
    expect(roundHalfUp(600_606n, 12n)).toBe(50_051n); // 50050.5
    expect(roundHalfUp(3003n, 12n)).toBe(250n); // 250.25
    expect(roundHalfUp(3009n, 12n)).toBe(251n); // 250.75
    expect(roundHalfUp(6n, 12n)).toBe(1n); // 0.5
    expect(roundHalfUp(5n, 12n)).toBe(0n);
    expect(roundHalfUp(24n, 12n)).toBe(2n);
  });
});

describe("revenue per day", () => {
  // 30 days ending today (15 March) start on 14 February: 15 days of February 2026, 15 of March.
  const now = new Date("2026-03-15T12:00:00Z");

  it("sums completed payments per currency and UTC day, zero-filled, without refunds", async () => {
    const at = (iso: string) => new Date(iso);
    const completed = (amount: number, paidAt: string, currency = "USD") =>
      insertPayment({ amount, currency, status: "completed", paidAt: at(paidAt) });
    await completed(500, "2026-02-14T00:00:00.000Z"); // first day of the window
    await completed(9_999, "2026-02-13T23:59:59.999Z"); // the day before: only in 90 days
    await completed(1_200, "2026-03-05T08:00:00Z");
    await completed(700, "2026-03-14T01:00:00Z");
    await completed(2_500, "2026-03-14T23:59:59.999Z");
    await completed(1_000, "2026-03-15T00:00:00Z"); // today
    await completed(4_444, "2026-03-16T00:00:00Z"); // tomorrow: outside
    // Created long before, paid in the window: the day it was paid counts.
    await insertPayment({
      amount: 300,
      status: "completed",
      createdAt: at("2025-10-01T00:00:00Z"),
      paidAt: at("2026-03-05T09:00:00Z"),
    });
    // No paidAt (older rows): its creation day counts.
    await insertPayment({
      amount: 150_000,
      currency: "RUB",
      status: "completed",
      paidAt: null,
      createdAt: at("2026-03-01T10:00:00Z"),
    });
    // Not revenue: refunded, pending, partially paid, failed.
    await insertPayment({ amount: 4_000, status: "refunded", paidAt: at("2026-03-10T10:00:00Z") });
    await insertPayment({ amount: 333, status: "pending", createdAt: at("2026-03-10T10:00:00Z") });
    await insertPayment({ amount: 100, status: "partially_paid", createdAt: at("2026-03-10T10:00:00Z") });
    await insertPayment({ amount: 200, status: "failed", createdAt: at("2026-03-10T10:00:00Z") });

    const daily = await revenueByDay({ days: 30, now });
    expect(daily.map((series) => series.currency)).toEqual(["RUB", "USD"]);
    const [rub, usd] = daily;
    const window = revenueWindow(30, now);
    expect(window.dayKeys).toHaveLength(30);
    expect(window.dayKeys[0]).toBe("2026-02-14");
    expect(window.dayKeys.at(-1)).toBe("2026-03-15");
    expect(usd!.points.map((point) => point.day)).toEqual(window.dayKeys);
    expect(rub!.points.map((point) => point.day)).toEqual(window.dayKeys);

    const nonZero = (points: { day: string; amount: number | string }[]) =>
      Object.fromEntries(
        points.filter((point) => point.amount !== 0).map((point) => [point.day, point.amount]),
      );
    expect(nonZero(usd!.points)).toEqual({
      "2026-02-14": 500,
      "2026-03-05": 1_500,
      "2026-03-14": 3_200,
      "2026-03-15": 1_000,
    });
    expect(usd!.total).toBe(6_200);
    expect(nonZero(rub!.points)).toEqual({ "2026-03-01": 150_000 });
    expect(rub!.total).toBe(150_000);

    const ninety = await revenueByDay({ days: 90, now });
    expect(ninety[1]!.points).toHaveLength(90);
    expect(ninety[1]!.points[0]!.day).toBe("2025-12-16");
    expect(ninety[1]!.total).toBe(6_200 + 9_999);

    // What the page hands the chart: plain data, major units for the bars, labels from minor units.
    const overview = await getAdminOverview({ days: 30, locale: "en", now });
    expect(JSON.parse(JSON.stringify(overview.chart))).toEqual(overview.chart);
    const usdSeries = overview.chart.find((series) => series.currency === "USD")!;
    expect(usdSeries.totalLabel).toBe("$62.00");
    expect(usdSeries.points.find((point) => point.day === "2026-03-14")).toEqual({
      day: "2026-03-14",
      value: 32,
      label: "$32.00",
    });
    expect(overview.chart.find((series) => series.currency === "RUB")!.totalLabel).toBe("₽1,500.00");
    // The labels are written for the reader: a Russian admin gets Russian figures.
    const russian = await getAdminOverview({ days: 30, locale: "ru", now });
    expect(russian.chart.find((series) => series.currency === "RUB")!.totalLabel).toBe(
      "1\u00a0500,00\u00a0₽",
    );
    expect(russian.chart.find((series) => series.currency === "USD")!.totalLabel).toBe("62,00\u00a0$");
  });
});

describe("revenue totals", () => {
  const now = new Date("2027-06-30T18:00:00Z");
  const paidAt = new Date("2027-06-20T10:00:00Z");

  it("totals each currency on its own, by plan (products by name, top-ups) and by provider", async () => {
    const completed = (input: Omit<Parameters<typeof insertPayment>[0], "status" | "paidAt">) =>
      insertPayment({ ...input, status: "completed", paidAt });
    await completed({ amount: 29_900, plan: "pro", months: 1, provider: "stripe" });
    await completed({ amount: 322_920, plan: "pro", months: 12, provider: "cryptocloud" });
    await completed({ amount: 12_900, plan: "starter", provider: "stripe" });
    await completed({ amount: 4_900, product: "telegram-course", provider: "stripe" });
    await completed({ amount: 1_000, purpose: "topup", provider: "manual" });
    await completed({ amount: 229_000, currency: "RUB", plan: "pro", provider: "cryptocloud" });
    await completed({ amount: 50_000, currency: "RUB", purpose: "topup", provider: "yookassa" });
    await insertPayment({ amount: 77_700, plan: "pro", status: "refunded", paidAt });
    // Sums past 2^31 stay exact (PostgreSQL sums an Int column into a bigint).
    for (let i = 0; i < 3; i++) {
      await completed({ amount: 2_000_000_000, currency: "EUR", purpose: "topup", provider: "manual" });
    }

    const totals = await revenueTotals({ days: 30, now });
    expect(totals).toEqual([
      {
        currency: "EUR",
        total: 6_000_000_000,
        payments: 3,
        byPlan: [{ key: "topup", label: null, kind: "topup", amount: 6_000_000_000, payments: 3 }],
        byProvider: [{ key: "manual", label: null, provider: "manual", amount: 6_000_000_000, payments: 3 }],
      },
      {
        currency: "RUB",
        total: 279_000,
        payments: 2,
        byPlan: [
          {
            key: expect.stringMatching(/^plan:/),
            label: "Pro",
            kind: "subscription",
            amount: 229_000,
            payments: 1,
          },
          { key: "topup", label: null, kind: "topup", amount: 50_000, payments: 1 },
        ],
        byProvider: [
          { key: "cryptocloud", label: null, provider: "cryptocloud", amount: 229_000, payments: 1 },
          { key: "yookassa", label: null, provider: "yookassa", amount: 50_000, payments: 1 },
        ],
      },
      {
        currency: "USD",
        total: 371_620,
        payments: 5,
        byPlan: [
          {
            key: expect.stringMatching(/^plan:/),
            label: "Pro",
            kind: "subscription",
            amount: 352_820,
            payments: 2,
          },
          {
            key: expect.stringMatching(/^plan:/),
            label: "Starter",
            kind: "subscription",
            amount: 12_900,
            payments: 1,
          },
          {
            key: expect.stringMatching(/^product:/),
            label: "Course: the paid Telegram channel",
            kind: "product",
            amount: 4_900,
            payments: 1,
          },
          { key: "topup", label: null, kind: "topup", amount: 1_000, payments: 1 },
        ],
        byProvider: [
          { key: "cryptocloud", label: null, provider: "cryptocloud", amount: 322_920, payments: 1 },
          { key: "stripe", label: null, provider: "stripe", amount: 47_700, payments: 3 },
          { key: "manual", label: null, provider: "manual", amount: 1_000, payments: 1 },
        ],
      },
    ]);
    expect(formatMinorAmount(totals[0]!.total, "EUR", "en")).toBe("€60,000,000.00");
  });

  it("keeps sums beyond 2^53 exact as digits", () => {
    const beyond = 2n ** 53n + 1n;
    expect(toMinorAmount(2n ** 53n - 1n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(toMinorAmount(beyond)).toBe("9007199254740993");
    expect(formatMinorAmount("9007199254740993", "USD", "en")).toBe("$90,071,992,547,409.93");
    expect(formatMinorAmount("9007199254740993", "RUB", "ru")).toBe(
      "90\u00a0071\u00a0992\u00a0547\u00a0409,93\u00a0₽",
    );
    expect(formatMoney(beyond, "RUB", "en")).toBe("₽90,071,992,547,409.93");
    expect(formatMoney(-1050, "USD", "en")).toBe("-$10.50");
  });
});

describe("payment status counts", () => {
  const now = new Date("2028-01-20T09:00:00Z");
  const inWindow = new Date("2028-01-10T12:00:00Z");

  it("counts every status of the payments opened in the window", async () => {
    const statuses = {
      completed: 3,
      failed: 2,
      pending: 1,
      partially_paid: 1,
      expired: 1,
      canceled: 1,
      refunded: 1,
    } as const;
    for (const [status, count] of Object.entries(statuses)) {
      for (let i = 0; i < count; i++) {
        await insertPayment({
          amount: 100,
          status: status as keyof typeof statuses,
          createdAt: inWindow,
          paidAt: status === "completed" ? inWindow : null,
        });
      }
    }
    await insertPayment({ amount: 100, status: "pending", createdAt: new Date("2027-12-01T00:00:00Z") });

    expect(await paymentStatusCounts({ days: 30, now })).toEqual({ counts: statuses, total: 10 });
    expect((await paymentStatusCounts({ days: 90, now })).counts.pending).toBe(2);
  });
});

import { describe, expect, it } from "vitest";
import { PLAN_CATALOG } from "@/lib/billing/catalog";
import { formatMoney, periodPrice } from "@/lib/billing/pricing";

// The exact minor-unit prices customers are charged: 12 months = 12 × monthly − 10%.
const EXPECTED_USD: Record<string, [monthly: number, yearly: number]> = {
  free: [0, 0],
  starter: [12_900, 139_320],
  basic: [19_900, 214_920],
  pro: [29_900, 322_920],
  business: [39_900, 430_920],
  enterprise: [59_900, 646_920],
};
const EXPECTED_RUB: Record<string, [monthly: number, yearly: number]> = {
  free: [0, 0],
  starter: [99_000, 1_069_200],
  basic: [149_000, 1_609_200],
  pro: [229_000, 2_473_200],
  business: [299_000, 3_229_200],
  enterprise: [449_000, 4_849_200],
};

describe("plan prices", () => {
  it.each(PLAN_CATALOG.map((plan) => [plan.slug, plan] as const))(
    "%s costs exactly what we publish",
    (slug, plan) => {
      expect([periodPrice(plan.monthly.USD, 1), periodPrice(plan.monthly.USD, 12)]).toEqual(
        EXPECTED_USD[slug],
      );
      expect([periodPrice(plan.monthly.RUB, 1), periodPrice(plan.monthly.RUB, 12)]).toEqual(
        EXPECTED_RUB[slug],
      );
    },
  );

  it("lists the plans and quotas of the product", () => {
    expect(PLAN_CATALOG.map((p) => [p.slug, p.monthlyQuota])).toEqual([
      ["free", 100],
      ["starter", 50_000],
      ["basic", 100_000],
      ["pro", 300_000],
      ["business", 500_000],
      ["enterprise", 1_000_000],
    ]);
  });

  it("rounds a fractional discount half-up to a whole minor unit", () => {
    expect(periodPrice(1, 12)).toBe(11); // 10.8 → 11
    expect(periodPrice(5, 12)).toBe(54); // 54.0
    expect(periodPrice(7, 12)).toBe(76); // 75.6 → 76
    expect(Number.isInteger(periodPrice(12_345, 12))).toBe(true);
  });

  it("refuses prices that are not whole minor units", () => {
    expect(() => periodPrice(1.5, 1)).toThrow(RangeError);
    expect(() => periodPrice(-100, 12)).toThrow(RangeError);
  });
});

describe("formatMoney", () => {
  it("formats minor units without floating point", () => {
    expect(formatMoney(322_920, "USD", "en")).toBe("$3,229.20");
    expect(formatMoney(5, "USD", "en")).toBe("$0.05");
    expect(formatMoney(0, "USD", "en")).toBe("$0.00");
    expect(formatMoney(2_473_200, "RUB", "en")).toBe("₽24,732.00");
    expect(formatMoney(-150, "EUR", "en")).toBe("-€1.50");
    expect(formatMoney(9_007_199_254_740_991, "USD", "en")).toBe("$90,071,992,547,409.91");
  });
});

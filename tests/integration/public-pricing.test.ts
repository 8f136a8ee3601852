import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import PricingPage from "@/app/pricing/page";
import { PLAN_CATALOG } from "@/lib/billing/catalog";
import {
  chooseCurrency,
  choosePeriod,
  getPublicCatalog,
  periodPriceOf,
  planChoicePath,
  purchasableIntent,
  registrationPath,
  signInPath,
} from "@/lib/billing/plans/public-catalog";
import { formatMoney, periodPrice } from "@/lib/billing/pricing";
import { db } from "@/lib/db";
import { renderHtml } from "../support/render-html";
import { testRequest } from "../support/test-request";
import { parsePlanIntent } from "@/lib/validations/auth";

// The public price list (/pricing): what it shows is what checkout charges, in a currency this
// installation can take, with the 12-month saving worked out in whole minor units; and a choice
// made there travels through registration or sign-in to the plans page, checked on the way.

const providers = vi.hoisted(() => ({ currencies: [] as string[] }));
vi.mock("@/lib/billing/providers/registry", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  planCheckoutProviders: () => providers.currencies.map((currency) => ({ currency })),
}));

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));

beforeEach(() => {
  providers.currencies = ["USD", "USD", "RUB"]; // card, crypto, YooKassa
  vi.mocked(getServerSession).mockResolvedValue(null);
});

/** The page's HTML for a query, as text and links. */
async function renderPricing(query: Record<string, string>) {
  const html = await renderHtml(await PricingPage({ searchParams: Promise.resolve(query) } as never));
  return {
    text: html
      .replace(/<[^>]+>/g, " ")
      .replace(/&#x27;/g, "'")
      .replace(/\s+/g, " "),
    links: [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replaceAll("&amp;", "&")),
  };
}

describe("the public price list", () => {
  it("shows every active plan at the prices checkout charges, with the 12-month saving", async () => {
    const { plans, currencies, payable } = await getPublicCatalog();
    expect(plans.map((plan) => plan.slug)).toEqual(PLAN_CATALOG.map((plan) => plan.slug));
    expect(new Set(currencies)).toEqual(new Set(["USD", "RUB"]));
    expect(payable).toBe(true);
    for (const definition of PLAN_CATALOG) {
      const plan = plans.find((candidate) => candidate.slug === definition.slug)!;
      expect(plan.free).toBe(definition.slug === "free");
      for (const currency of ["USD", "RUB"] as const) {
        const monthly = definition.monthly[currency];
        expect(periodPriceOf(plan, currency, 1)).toEqual({ amount: monthly, undiscounted: null, saving: 0 });
        const yearly = periodPrice(monthly, 12);
        expect(periodPriceOf(plan, currency, 12)).toEqual({
          amount: yearly,
          undiscounted: monthly * 12,
          saving: monthly * 12 - yearly,
        });
      }
    }
  });

  it("says the saving in the reader's money: Pro for 12 months", async () => {
    const pro = (await getPublicCatalog()).plans.find((plan) => plan.slug === "pro")!;
    const rub = periodPriceOf(pro, "RUB", 12)!;
    expect(formatMoney(rub.amount, "RUB", "ru")).toBe("24\u00a0732,00\u00a0₽");
    expect(formatMoney(rub.undiscounted!, "RUB", "ru")).toBe("27\u00a0480,00\u00a0₽");
    expect(formatMoney(rub.saving, "RUB", "ru")).toBe("2\u00a0748,00\u00a0₽");
    const usd = periodPriceOf(pro, "USD", 12)!;
    expect([usd.amount, usd.saving].map((minor) => formatMoney(minor, "USD", "en"))).toEqual([
      "$3,229.20",
      "$358.80",
    ]);
  });

  it("reads the price rows, so a price changed in the database is the one shown", async () => {
    const starter = await db.plan.findUniqueOrThrow({ where: { slug: "starter" } });
    await db.price.update({
      where: { planId_currency_months: { planId: starter.id, currency: "USD", months: 12 } },
      data: { amount: 100_000 },
    });
    try {
      const plan = (await getPublicCatalog()).plans.find((candidate) => candidate.slug === "starter")!;
      expect(periodPriceOf(plan, "USD", 12)).toEqual({
        amount: 100_000,
        undiscounted: 154_800,
        saving: 54_800,
      });
      expect(periodPriceOf(plan, "EUR", 1)).toBeNull(); // not sold in euros: no price to show
    } finally {
      await db.price.update({
        where: { planId_currency_months: { planId: starter.id, currency: "USD", months: 12 } },
        data: { amount: periodPrice(12_900, 12) },
      });
    }
  });

  it("offers only the currencies a configured provider takes", async () => {
    providers.currencies = ["RUB"];
    expect(await getPublicCatalog()).toMatchObject({ currencies: ["RUB"], payable: true });
    providers.currencies = ["EUR"];
    expect(await getPublicCatalog()).toMatchObject({ currencies: [], payable: false });
    // Nothing configured at all: the prices are still shown, and the page says nothing is payable.
    providers.currencies = [];
    const bare = await getPublicCatalog();
    expect(new Set(bare.currencies)).toEqual(new Set(["USD", "RUB"]));
    expect(bare.payable).toBe(false);
  });

  it("shows roubles to Russian readers and dollars to English ones, unless another is picked", () => {
    const both = ["RUB", "USD"];
    expect(chooseCurrency(undefined, "ru", both)).toBe("RUB");
    expect(chooseCurrency(undefined, "en", both)).toBe("USD");
    expect(chooseCurrency("USD", "ru", both)).toBe("USD");
    expect(chooseCurrency(["RUB", "USD"], "en", both)).toBe("RUB");
    expect(chooseCurrency("EUR", "ru", both)).toBe("RUB"); // not offered: the reader's own
    expect(chooseCurrency(undefined, "ru", ["USD"])).toBe("USD"); // roubles not taken here
    expect(chooseCurrency(undefined, "en", [])).toBeNull();
  });

  it("is monthly unless the query names the 12-month period", () => {
    expect(choosePeriod(undefined)).toBe(1);
    expect(choosePeriod("12")).toBe(12);
    expect(choosePeriod(["12", "1"])).toBe(12);
    expect(choosePeriod("6")).toBe(1);
    expect(choosePeriod("12abc")).toBe(1);
  });
});

describe("a plan chosen on /pricing", () => {
  it("is read from a query or a form only when well formed", () => {
    expect(parsePlanIntent({ plan: "pro", months: "12", currency: "RUB" })).toEqual({
      plan: "pro",
      months: 12,
      currency: "RUB",
    });
    expect(parsePlanIntent({ plan: ["basic", "pro"], months: "1" })).toEqual({ plan: "basic", months: 1 });
    expect(parsePlanIntent({ plan: "pro", months: "12", currency: "rub" })).toEqual({
      plan: "pro",
      months: 12,
    });
    for (const raw of [
      {},
      { plan: "pro" },
      { months: "12" },
      { plan: "pro", months: "6" },
      { plan: "pro", months: "12.0" },
      { plan: "Pro", months: "1" },
      { plan: "../admin", months: "1" },
      { plan: "//evil.example", months: "1" },
      { plan: "pro?x=1", months: "1" },
      { plan: "", months: "1" },
      { plan: "a".repeat(65), months: "1" },
    ]) {
      expect(parsePlanIntent(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it("is kept only while the plan is sold for that period, and the currency only if it is sold in it", async () => {
    await expect(purchasableIntent({ plan: "pro", months: 12, currency: "RUB" })).resolves.toEqual({
      plan: "pro",
      months: 12,
      currency: "RUB",
      planName: "Pro",
    });
    await expect(purchasableIntent({ plan: "pro", months: 1, currency: "EUR" })).resolves.toEqual({
      plan: "pro",
      months: 1,
      planName: "Pro",
    });
    await expect(purchasableIntent({ plan: "free", months: 1 })).resolves.toBeNull();
    await expect(purchasableIntent({ plan: "platinum", months: 1 })).resolves.toBeNull();
    await expect(purchasableIntent(null)).resolves.toBeNull();
  });

  it("travels in links that stay on the site", () => {
    const intent = { plan: "pro", months: 12 as const, currency: "RUB" };
    expect(registrationPath(intent)).toBe("/register?plan=pro&months=12&currency=RUB");
    expect(registrationPath(null)).toBe("/register");
    expect(planChoicePath({ plan: "basic", months: 1 })).toBe("/dashboard/plans?plan=basic&months=1");
    expect(signInPath(intent)).toBe(
      "/login?callbackUrl=%2Fdashboard%2Fplans%3Fplan%3Dpro%26months%3D12%26currency%3DRUB",
    );
    expect(signInPath(null)).toBe("/login");
  });
});

describe("the /pricing page", () => {
  it("shows a Russian reader roubles, Russian style, and the 12-month saving", async () => {
    testRequest.acceptLanguage = "ru";
    const { text, links } = await renderPricing({ period: "12" });
    expect(text).toContain(
      "Pro 300 000 запросов в месяц 24 732,00 ₽ за 12 месяцев вместо 27 480,00 ₽ Экономия 2 748,00 ₽ Выбрать Pro",
    );
    expect(text).not.toMatch(/\$\d/); // no dollar prices (the currency toggle still offers them)
    expect(links).toContain("/register?plan=pro&months=12&currency=RUB");
    // The toggles are links: the period keeps no currency the reader did not pick.
    expect(links).toEqual(
      expect.arrayContaining(["/pricing", "/pricing?period=12", "/pricing?period=12&currency=USD"]),
    );
  });

  it("shows an English reader dollars by the month, and roubles when picked", async () => {
    const monthly = await renderPricing({});
    expect(monthly.text).toContain("Pro 300,000 requests a month $299.00 / month Start with Pro");
    expect(monthly.text).not.toContain("You save");
    const roubles = await renderPricing({ currency: "RUB", period: "12" });
    expect(roubles.text).toContain("₽32,292.00 for 12 months instead of ₽35,880.00 You save ₽3,588.00");
    expect(roubles.links).toContain("/pricing?currency=RUB");
  });

  it("sends a signed-in customer straight to the plans page with the plan chosen", async () => {
    const user = await db.user.create({ data: { email: "shopper@example.com", name: "Shopper" } });
    vi.mocked(getServerSession).mockResolvedValue({ user: { id: user.id }, expires: "2999-01-01" });
    const { links } = await renderPricing({ period: "12" });
    expect(links).toContain("/dashboard/plans?plan=business&months=12&currency=USD");
    expect(links).toContain("/dashboard/plans"); // the free plan
    expect(links.filter((link) => link.startsWith("/register"))).toEqual([]);
  });

  it("says so when nothing can be paid yet, and never offers a currency no provider takes", async () => {
    providers.currencies = ["USD"];
    const dollarsOnly = await renderPricing({ currency: "RUB" });
    expect(dollarsOnly.text).toContain("$299.00");
    expect(dollarsOnly.text).not.toContain("₽");
    expect(dollarsOnly.text).not.toContain("Online payment isn't set up");
    providers.currencies = [];
    expect((await renderPricing({})).text).toContain("Online payment isn't set up on this installation yet");
  });
});

import { describe, expect, it } from "vitest";
import {
  cancel,
  freeSubscription,
  PREVIEW_PAYMENT_ID,
  previewPurchase,
  purchase,
  removeRefundedTime,
  resume,
  rollOver,
  settle,
  type PurchaseResult,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { DAY_MS, unusedValue } from "@/lib/billing/subscriptions/value";
import { addMonths, at, plan, plans, priceOf } from "./subscription-fixtures";

const start = at("2026-01-01");
let payments = 0;

function applied(result: PurchaseResult) {
  if (result.kind !== "applied") throw new Error(`not applied: ${result.reason}`);
  return result;
}

/** The subscription after paying for `slug` × `months` at `now`. */
function buy(
  sub: SubscriptionState,
  slug: string,
  months: 1 | 12,
  now: Date,
  currency: "USD" | "RUB" = "USD",
  amount = priceOf(slug, months, currency),
) {
  const payment = { id: `pay_${++payments}`, amount, currency };
  return { ...applied(purchase(settle(sub, plans, now), plan(slug), months, payment, plans, now)), payment };
}

const value = (sub: SubscriptionState, now: Date) => Object.fromEntries(unusedValue(sub.paidPeriods, now));
const free = () => freeSubscription(plans.free, start);

describe("a first purchase", () => {
  it("starts the plan now, for the calendar months paid", () => {
    const { state, change } = buy(free(), "starter", 12, start);
    expect(state).toMatchObject({
      planId: plan("starter").id,
      currentPeriodEnd: at("2027-01-01"),
      scheduledPlanId: null,
      requestsLimit: 50_000,
    });
    expect(change).toMatchObject({ kind: "purchased", value: [] });
    expect(value(state, start)).toEqual({ USD: 139_320 });
  });
});

describe("an upgrade", () => {
  it("turns the unused value into time on the new plan instead of giving the rest away", () => {
    // Starter for 12 months ($1,393.20), then Enterprise for 1 month ($599) the same day: 1 month
    // of Enterprise plus $1,393.20 of Enterprise time at $599 / 30 days = 69.78 days, not 13 months.
    const starter = buy(free(), "starter", 12, start).state;
    const { state, change } = buy(starter, "enterprise", 1, start);
    const days = (139_320 * 30) / 59_900;
    expect(state.planId).toBe(plan("enterprise").id);
    expect(state.currentPeriodEnd!.getTime()).toBe(at("2026-02-01").getTime() + Math.floor(days * DAY_MS));
    expect(change).toMatchObject({ kind: "upgraded", value: [{ currency: "USD", amount: 139_320 }] });
    expect(change.note).toContain("including 69 day(s) from the unused Starter time");
    expect(value(state, start)).toEqual({ USD: 59_900 + 139_320 });
  });

  it("from a 12-month lower plan to a 1-month higher plan half-way through", () => {
    const starter = buy(free(), "starter", 12, start).state;
    const midway = at("2026-07-02"); // 182 of 365 days used
    const unused = Math.round((139_320 * (365 - 182)) / 365);
    const { state } = buy(starter, "pro", 1, midway);
    expect(value(state, midway)).toEqual({ USD: 29_900 + unused });
    expect(state.currentPeriodEnd!.getTime()).toBe(
      at("2026-08-02").getTime() + Math.floor((unused * 30 * DAY_MS) / 29_900),
    );
    expect(state.requestsLimit).toBe(300_000);
  });

  it("keeps a rouble period's value in roubles when the upgrade is paid in dollars", () => {
    const starter = buy(free(), "starter", 1, start, "RUB").state;
    const later = at("2026-01-16"); // 15 of 31 days used
    const unused = Math.round((99_000 * 16) / 31);
    const { state, change } = buy(starter, "pro", 1, later, "USD");
    expect(value(state, later)).toEqual({ USD: 29_900, RUB: unused });
    expect(change.value).toEqual([{ currency: "RUB", amount: unused }]);
    // The rouble value buys Pro time at Pro's rouble price.
    const conversion = state.paidPeriods.find((period) => period.source === "conversion")!;
    expect(conversion).toMatchObject({ currency: "RUB", amount: unused, startsAt: at("2026-02-16") });
    expect(conversion.endsAt.getTime() - conversion.startsAt.getTime()).toBe(
      Math.floor((unused * 30 * DAY_MS) / 229_000),
    );
  });

  it("is refused, changing nothing, when the new plan has no price in the unused value's currency", () => {
    const starter = buy(free(), "starter", 1, start, "RUB").state;
    const noRoubles = { ...plan("pro"), monthlyPrices: { USD: 29_900 } };
    const result = purchase(
      starter,
      noRoubles,
      1,
      { id: "p", amount: 29_900, currency: "USD" },
      plans,
      start,
    );
    expect(result).toEqual({
      kind: "unapplicable",
      reason: "Pro has no RUB price to turn the unused RUB value into time",
      refusal: { code: "no_price_for_unused_value", plan: "Pro", currency: "RUB" },
    });
  });
});

describe("renewals and downgrades", () => {
  it("a renewal extends from the current end", () => {
    const pro = buy(free(), "pro", 1, start).state;
    const { state, change } = buy(pro, "pro", 12, at("2026-01-20"));
    expect(state.currentPeriodEnd).toEqual(at("2027-02-01"));
    expect(change.kind).toBe("renewed");
  });

  it("a lower plan is scheduled for the end of the paid time, and a renewal moves it back", () => {
    const pro = buy(free(), "pro", 1, start).state;
    const scheduled = buy(pro, "starter", 12, at("2026-01-10"));
    expect(scheduled.state).toMatchObject({
      planId: plan("pro").id,
      currentPeriodEnd: at("2026-02-01"),
      scheduledPlanId: plan("starter").id,
    });
    expect(scheduled.change.kind).toBe("downgrade_scheduled");
    const renewed = buy(scheduled.state, "pro", 1, at("2026-01-20")).state;
    expect(renewed.currentPeriodEnd).toEqual(at("2026-03-01"));
    const starterPeriod = renewed.paidPeriods.find((period) => period.planId === plan("starter").id)!;
    expect(starterPeriod.startsAt).toEqual(at("2026-03-01"));
    // Its length is kept: the 12 months paid for (Feb 1 2026 → Feb 1 2027 is 365 days).
    expect(starterPeriod.endsAt.getTime() - starterPeriod.startsAt.getTime()).toBe(365 * DAY_MS);
  });

  it("three plan payments completing in any order each keep what they paid for", () => {
    // On free, checkouts for Pro, Basic and Starter all paid: nothing is lost or given away.
    const paid = 29_900 + 19_900 + 12_900;
    const a = buy(
      buy(buy(free(), "pro", 1, start).state, "basic", 1, start).state,
      "starter",
      1,
      start,
    ).state;
    expect(a).toMatchObject({ planId: plan("pro").id, scheduledPlanId: plan("basic").id });
    expect(value(a, start)).toEqual({ USD: paid });
    const b = buy(
      buy(buy(free(), "starter", 1, start).state, "basic", 1, start).state,
      "pro",
      1,
      start,
    ).state;
    expect(b.planId).toBe(plan("pro").id);
    expect(value(b, start)).toEqual({ USD: paid });
  });
});

describe("a preview", () => {
  it("says what paying would give without changing the subscription, whatever else the catalog price carries", () => {
    const starter = buy(free(), "starter", 12, start).state;
    const later = at("2026-07-01");
    // A catalog price row has its own id; the preview must still mark its period as the preview's.
    const price = { id: "price_row", months: 1, amount: priceOf("enterprise", 1, "USD"), currency: "USD" };
    const preview = applied(previewPurchase(starter, plan("enterprise"), 1, price, plans, later));
    const own = preview.state.paidPeriods.find((period) => period.paymentId === PREVIEW_PAYMENT_ID);
    expect(own).toMatchObject({ startsAt: later, endsAt: addMonths(later, 1) });
    expect(preview.change.kind).toBe("upgraded");
    expect(starter.planId).toBe(plan("starter").id);
  });
});

describe("cancelling", () => {
  it("keeps the paid time, ends with it, and can be undone until then", () => {
    const pro = buy(free(), "pro", 1, start).state;
    const cancelled = cancel(pro, plans, at("2026-01-05"));
    expect(cancelled).toMatchObject({ kind: "canceled", toPeriodEnd: at("2026-02-01") });
    const state = { ...pro, cancelAtPeriodEnd: true };
    expect(resume(state, plans, at("2026-01-06"))?.kind).toBe("resumed");
    const ended = rollOver(state, plans, at("2026-02-02"));
    expect(ended.state).toMatchObject({ planId: plans.free.id, cancelAtPeriodEnd: false, paidPeriods: [] });
    expect(ended.changes.map((change) => change.kind)).toEqual(["ended"]);
  });

  it("is refused on free, where nothing is paid", () => {
    expect(cancel(free(), plans, start)).toBeNull();
  });

  it("is undone by paying again", () => {
    const pro = { ...buy(free(), "pro", 1, start).state, cancelAtPeriodEnd: true };
    expect(buy(pro, "pro", 1, at("2026-01-10")).state.cancelAtPeriodEnd).toBe(false);
  });
});

describe("a refund that ends the time it bought", () => {
  it("a full refund on the first day ends the plan", () => {
    const { state, payment } = buy(free(), "pro", 12, start);
    const result = removeRefundedTime(state, payment, plans, start);
    expect(result.removed).toBe(payment.amount);
    expect(result.state).toMatchObject({ planId: plans.free.id, currentPeriodEnd: null });
  });

  it("a partial refund shortens the period by the refunded value", () => {
    const { state, payment } = buy(free(), "pro", 1, start); // Jan 1 → Feb 1, 31 days
    const result = removeRefundedTime(state, { ...payment, amount: 10_000 }, plans, start);
    expect(result.removed).toBe(10_000);
    expect(result.state.currentPeriodEnd!.getTime()).toBe(
      at("2026-02-01").getTime() - Math.floor((10_000 * 31 * DAY_MS) / 29_900),
    );
    expect(value(result.state, start)).toEqual({ USD: 19_900 });
  });

  it("removes no more than the time is still worth", () => {
    const { state, payment } = buy(free(), "pro", 1, start);
    const late = at("2026-01-25");
    const worth = Math.round((29_900 * 7) / 31);
    const result = removeRefundedTime(state, payment, plans, late);
    expect(result.removed).toBe(worth);
    expect(result.state.planId).toBe(plans.free.id);
  });

  it("takes the refunded payment's own period first, and moves what follows up", () => {
    const pro = buy(free(), "pro", 1, start).state;
    const { state, payment } = buy(pro, "starter", 1, start); // Starter scheduled Feb 1 → Mar 1
    const result = removeRefundedTime(state, { ...payment, amount: 12_900 }, plans, start);
    expect(result.state).toMatchObject({ planId: plan("pro").id, scheduledPlanId: null });
    expect(value(result.state, start)).toEqual({ USD: 29_900 });
  });
});

describe("settling", () => {
  it("rolls an ended period over to the scheduled plan, then to free when that ends too", () => {
    const pro = buy(free(), "pro", 1, start).state;
    const scheduled = buy(pro, "starter", 1, start).state;
    const afterPro = rollOver(scheduled, plans, at("2026-02-10"));
    expect(afterPro.state).toMatchObject({
      planId: plan("starter").id,
      currentPeriodStart: at("2026-02-01"),
      currentPeriodEnd: at("2026-03-01"),
      scheduledPlanId: null,
      requestsLimit: 50_000,
      usageResetsAt: at("2026-03-01"),
    });
    expect(afterPro.changes.map((change) => change.kind)).toEqual(["rolled_over"]);
    const afterStarter = settle(scheduled, plans, at("2026-03-05"));
    expect(afterStarter).toMatchObject({ planId: plans.free.id, currentPeriodEnd: null, requestsLimit: 100 });
  });

  it("resets usage every calendar month, also on a 12-month plan", () => {
    const pro = { ...buy(free(), "pro", 12, start).state, requestsUsed: 999 };
    const settled = settle(pro, plans, at("2026-03-15"));
    expect(settled).toMatchObject({ requestsUsed: 0, usageResetsAt: addMonths(start, 3) });
    expect(settled.planId).toBe(plan("pro").id);
  });
});

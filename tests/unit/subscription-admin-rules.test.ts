import { describe, expect, it } from "vitest";
import { changePlanNow, endNow, grantDays } from "@/lib/billing/subscriptions/admin-rules";
import {
  freeSubscription,
  purchase,
  settle,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { DAY_MS, paidUntil, unusedValue } from "@/lib/billing/subscriptions/value";
import { addMonths, at, plan, plans, priceOf } from "./subscription-fixtures";

const start = at("2026-01-01");
const free = () => freeSubscription(plans.free, start);

function bought(sub: SubscriptionState, slug: string, months: 1 | 12, now: Date): SubscriptionState {
  const payment = { id: `pay_${slug}_${months}`, amount: priceOf(slug, months, "USD"), currency: "USD" };
  const result = purchase(settle(sub, plans, now), plan(slug), months, payment, plans, now);
  if (result.kind !== "applied") throw new Error(result.reason);
  return result.state;
}

function applied<T extends { kind: string }>(result: T): Extract<T, { kind: "applied" }> {
  if (result.kind !== "applied") throw new Error(`refused: ${JSON.stringify(result)}`);
  return result as Extract<T, { kind: "applied" }>;
}

const value = (sub: SubscriptionState, now: Date) => Object.fromEntries(unusedValue(sub.paidPeriods, now));

describe("an admin extends", () => {
  it("the current plan by N days after its run, moving a scheduled lower plan back, and adds no value", () => {
    const pro = bought(free(), "pro", 1, start);
    const withBasic = bought(pro, "basic", 1, start);
    const { state, change } = applied(grantDays(withBasic, plan("pro"), 7, plans, start));
    expect(state.currentPeriodEnd).toEqual(new Date(addMonths(start, 1).getTime() + 7 * DAY_MS));
    expect(state.scheduledPlanId).toBe(plan("basic").id);
    expect(paidUntil(state.paidPeriods, start)).toEqual(
      new Date(addMonths(addMonths(start, 1), 1).getTime() + 7 * DAY_MS),
    );
    expect(value(state, start)).toEqual(value(withBasic, start));
    expect(change).toMatchObject({ kind: "extended", value: [] });
  });

  it("a customer on free, starting now on the plan chosen", () => {
    const { state } = applied(grantDays(free(), plan("starter"), 7, plans, start));
    expect(state).toMatchObject({
      planId: plan("starter").id,
      currentPeriodEnd: new Date(start.getTime() + 7 * DAY_MS),
    });
  });

  it("refuses another plan while paid time runs", () => {
    const pro = bought(free(), "pro", 1, start);
    expect(grantDays(pro, plan("enterprise"), 7, plans, start).kind).toBe("refused");
  });

  it("gives time that an upgrade keeps as time", () => {
    const gifted = applied(grantDays(free(), plan("starter"), 10, plans, start)).state;
    const upgraded = bought(gifted, "pro", 1, start);
    expect(upgraded.currentPeriodEnd).toEqual(new Date(addMonths(start, 1).getTime() + 10 * DAY_MS));
  });
});

describe("an admin changes the plan now", () => {
  it("converts the unused value into time on the new plan, keeping the value", () => {
    const later = at("2026-07-01");
    const starter = bought(free(), "starter", 12, start);
    const { state, change } = applied(changePlanNow(starter, plan("pro"), plans, later));
    expect(state.planId).toBe(plan("pro").id);
    expect(state.currentPeriodStart).toEqual(later);
    expect(value(state, later)).toEqual(value(starter, later));
    expect(change.value).toEqual([{ currency: "USD", amount: value(starter, later).USD }]);
    // Pro costs more per day than Starter: the same value lasts less time.
    expect(state.currentPeriodEnd!.getTime()).toBeLessThan(starter.currentPeriodEnd!.getTime());
  });

  it("refuses with no paid time, or to the same plan, or to free", () => {
    const pro = bought(free(), "pro", 1, start);
    expect(changePlanNow(free(), plan("pro"), plans, start).kind).toBe("refused");
    expect(changePlanNow(pro, plan("pro"), plans, start).kind).toBe("refused");
    expect(changePlanNow(pro, plans.free, plans, start).kind).toBe("refused");
  });
});

describe("an admin ends the paid time now", () => {
  it("moves to free and records the value given up, so it never vanishes unseen", () => {
    const later = at("2026-01-16");
    const pro = bought(free(), "pro", 1, start);
    const { state, change } = applied(endNow(pro, plans, later));
    expect(state).toMatchObject({ planId: plans.free.id, currentPeriodEnd: null, paidPeriods: [] });
    expect(change.value).toEqual([{ currency: "USD", amount: -value(pro, later).USD! }]);
    expect(endNow(state, plans, later).kind).toBe("refused");
  });
});

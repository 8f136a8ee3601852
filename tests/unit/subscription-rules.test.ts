import { describe, expect, it } from "vitest";
import {
  afterPayment,
  freeSubscription,
  settle,
  type PlanFacts,
  type Plans,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";

const plan = (slug: string, sortOrder: number, monthlyQuota: number): PlanFacts => ({
  id: `plan_${slug}`,
  name: slug[0]!.toUpperCase() + slug.slice(1),
  slug,
  sortOrder,
  monthlyQuota,
});
const free = plan("free", 0, 100);
const starter = plan("starter", 1, 50_000);
const pro = plan("pro", 3, 300_000);
const plans: Plans = {
  free,
  byId: (id) => [free, starter, pro].find((candidate) => candidate.id === id)!,
};
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

function on(
  planFacts: PlanFacts,
  until: string | null,
  extra: Partial<SubscriptionState> = {},
): SubscriptionState {
  return {
    ...freeSubscription(free, at("2026-01-01")),
    planId: planFacts.id,
    currentPeriodEnd: until ? at(until) : null,
    requestsLimit: planFacts.monthlyQuota,
    usageResetsAt: at("2026-02-01"),
    ...extra,
  };
}

describe("settling a subscription", () => {
  it("rolls an ended period over to the scheduled plan, then to free when that ends too", () => {
    const sub = on(pro, "2026-02-01", { scheduledPlanId: starter.id, scheduledMonths: 1 });
    const afterPro = settle(sub, plans, at("2026-02-10"));
    expect(afterPro).toMatchObject({
      planId: starter.id,
      currentPeriodEnd: at("2026-03-01"),
      scheduledPlanId: null,
    });
    const afterStarter = settle(sub, plans, at("2026-03-05"));
    expect(afterStarter).toMatchObject({
      planId: free.id,
      currentPeriodEnd: null,
      requestsLimit: free.monthlyQuota,
    });
  });

  it("resets usage every calendar month, also on a 12-month plan", () => {
    const sub = on(pro, "2027-01-01", { requestsUsed: 999 });
    expect(settle(sub, plans, at("2026-03-15"))).toMatchObject({
      requestsUsed: 0,
      usageResetsAt: at("2026-04-01"),
    });
  });

  it("changes nothing before anything is due", () => {
    const sub = on(pro, "2026-02-01", { requestsUsed: 5 });
    expect(settle(sub, plans, at("2026-01-20"))).toEqual(sub);
  });
});

describe("a completed plan payment", () => {
  it("renews the same plan from the end of the paid period", () => {
    const { state } = afterPayment(
      on(pro, "2026-02-01", { requestsUsed: 7 }),
      pro,
      1,
      plans,
      at("2026-01-20"),
    );
    expect(state).toMatchObject({ planId: pro.id, currentPeriodEnd: at("2026-03-01"), requestsUsed: 7 });
  });

  it("schedules a lower plan for the end of the paid period, adding months of the same plan", () => {
    const once = afterPayment(on(pro, "2026-02-01"), starter, 1, plans, at("2026-01-20")).state;
    expect(once).toMatchObject({ planId: pro.id, scheduledPlanId: starter.id, scheduledMonths: 1 });
    expect(afterPayment(once, starter, 12, plans, at("2026-01-21")).state.scheduledMonths).toBe(13);
  });

  it("never drops a paid schedule for another plan", () => {
    const scheduled = on(pro, "2026-02-01", { scheduledPlanId: starter.id, scheduledMonths: 1 });
    const { state, note } = afterPayment(scheduled, plan("basic", 2, 100_000), 1, plans, at("2026-01-20"));
    expect(state).toEqual(scheduled);
    expect(note).toMatch(/refund this payment/);
  });

  it("starts a higher plan now, with its quota and fresh usage", () => {
    const { state } = afterPayment(
      on(starter, "2026-02-01", { requestsUsed: 9 }),
      pro,
      1,
      plans,
      at("2026-01-20"),
    );
    expect(state).toMatchObject({
      planId: pro.id,
      currentPeriodStart: at("2026-01-20"),
      requestsLimit: pro.monthlyQuota,
      requestsUsed: 0,
    });
  });
});

import { describe, expect, it } from "vitest";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { addMonths } from "@/lib/billing/calendar";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { settleSubscription } from "@/lib/billing/subscriptions/periods";
import { db } from "@/lib/db";
import { customer, pendingPlanPayment, subscriptionOf } from "./helpers";

function report(
  payment: { providerRef: string | null; amount: number },
  overrides: Partial<ProviderReport> = {},
): ProviderReport {
  return {
    provider: "cryptocloud",
    providerRef: payment.providerRef!,
    status: "completed",
    providerStatus: "paid",
    currency: "USD",
    amountReceived: payment.amount,
    ...overrides,
  };
}

const day = 24 * 60 * 60 * 1000;

describe("applying a provider's report", () => {
  it("completes the payment, records the event and activates the plan", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id, { plan: "pro", months: 12 });
    const now = new Date("2026-11-23T10:00:00Z");

    const result = await applyProviderReport(report(payment), { source: "webhook", now });

    expect(result.outcome).toBe("applied");
    const stored = await db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      include: { events: { orderBy: { createdAt: "asc" } } },
    });
    expect(stored).toMatchObject({ status: "completed", amountReceived: 322_920, paidAt: now });
    expect(stored.events.map((e) => [e.fromStatus, e.toStatus, e.source])).toEqual([
      [null, "pending", "customer"],
      ["pending", "completed", "webhook"],
    ]);
    const sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("pro");
    expect(sub.currentPeriodEnd).toEqual(addMonths(now, 12));
    expect(sub).toMatchObject({ requestsLimit: 300_000, requestsUsed: 0, currentPeriodStart: now });
  });

  it("renews the same plan from the end of the current period, keeping usage", async () => {
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "basic" })), {
      source: "webhook",
      now,
    });
    await db.subscription.update({ where: { userId: user.id }, data: { requestsUsed: 4_000 } });

    const later = new Date(now.getTime() + 10 * day);
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "basic" })), {
      source: "webhook",
      now: later,
    });

    const sub = await subscriptionOf(user.id);
    expect(sub.currentPeriodEnd).toEqual(addMonths(addMonths(now, 1), 1));
    expect(sub.requestsUsed).toBe(4_000);
  });

  it("upgrades at once, resets usage, and turns the unused time into time on the new plan", async () => {
    // Today's rules (before value conservation) extended Business from Basic's end: 12 months and
    // 25 days of Business for the price of 12 months, the rest of Basic given away as Business.
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "basic" })), {
      source: "webhook",
      now,
    });
    await db.subscription.update({ where: { userId: user.id }, data: { requestsUsed: 4_000 } });

    const later = new Date(now.getTime() + 5 * day); // 5 of Basic's 30 days used
    const upgrade = await pendingPlanPayment(user.id, { plan: "business", months: 12 });
    await applyProviderReport(report(upgrade), { source: "webhook", now: later });

    const unused = Math.round((19_900 * 25) / 30);
    const sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("business");
    expect(sub.currentPeriodEnd!.getTime()).toBe(
      addMonths(later, 12).getTime() + Math.floor((unused * 30 * day) / 39_900),
    );
    expect(sub).toMatchObject({ requestsUsed: 0, requestsLimit: 500_000, currentPeriodStart: later });
    const event = await db.subscriptionEvent.findFirstOrThrow({ where: { paymentId: upgrade.id } });
    expect(event).toMatchObject({
      kind: "upgraded",
      value: [{ currency: "USD", amount: unused }],
      toPeriodEnd: sub.currentPeriodEnd,
      at: later,
    });
    expect(event.note).toContain("from the unused Basic time");
  });

  it("schedules a lower plan for the end of the paid period, then rolls over to it", async () => {
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "pro" })), {
      source: "webhook",
      now,
    });
    const proEnd = addMonths(now, 1);

    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "starter", months: 12 })), {
      source: "webhook",
      now: new Date(now.getTime() + day),
    });
    let sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("pro");
    expect(sub.scheduledPlan?.slug).toBe("starter");

    await settleSubscription(user.id, new Date(proEnd.getTime() + day));
    sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("starter");
    expect(sub.currentPeriodStart).toEqual(proEnd);
    expect(sub.currentPeriodEnd).toEqual(addMonths(proEnd, 12));
    expect(sub).toMatchObject({ scheduledPlanId: null, requestsLimit: 50_000 });
    const kinds = await db.subscriptionEvent.findMany({
      where: { subscription: { userId: user.id } },
      orderBy: { at: "asc" },
      select: { kind: true },
    });
    expect(kinds.map((event) => event.kind)).toEqual(["purchased", "downgrade_scheduled", "rolled_over"]);
  });

  it("falls back to free when a paid period ends with nothing scheduled", async () => {
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "pro" })), {
      source: "webhook",
      now,
    });
    await settleSubscription(user.id, addMonths(now, 2));
    const sub = await subscriptionOf(user.id);
    expect(sub).toMatchObject({ currentPeriodEnd: null, requestsLimit: 100 });
    expect(sub.plan.slug).toBe("free");
  });

  it("never treats a completion for less than the invoice as paid", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id);
    const result = await applyProviderReport(report(payment, { amountReceived: payment.amount - 1 }), {
      source: "webhook",
    });
    expect(result.detail).toContain("received $298.99 of $299.00");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("partially_paid");
    expect((await subscriptionOf(user.id)).plan.slug).toBe("free");
  });

  it("records a partial payment, then its completion when the rest arrives", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id);
    await applyProviderReport(
      report(payment, { status: "partially_paid", providerStatus: "partial", amountReceived: 10_000 }),
      { source: "webhook" },
    );
    const again = await applyProviderReport(
      report(payment, { status: "partially_paid", providerStatus: "partial", amountReceived: 10_000 }),
      { source: "webhook" },
    );
    expect(again.outcome).toBe("duplicate");
    await applyProviderReport(
      report(payment, { status: "partially_paid", providerStatus: "partial", amountReceived: 20_000 }),
      { source: "webhook" },
    );
    await applyProviderReport(report(payment), { source: "webhook" });

    const events = await db.paymentEvent.findMany({
      where: { paymentId: payment.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.toStatus)).toEqual([
      "pending",
      "partially_paid",
      "partially_paid",
      "completed",
    ]);
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
  });

  it("records the surplus of an overpayment", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id);
    const result = await applyProviderReport(
      report(payment, { providerStatus: "overpaid", amountReceived: 32_890 }),
      { source: "webhook" },
    );
    expect(result.detail).toContain("overpaid by $29.90");
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "completed",
      amountReceived: 32_890,
    });
  });

  it("ignores a report in another currency, and one for a payment we don't have", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id);
    expect(
      (await applyProviderReport(report(payment, { currency: "EUR" }), { source: "webhook" })).outcome,
    ).toBe("ignored");
    expect(
      (await applyProviderReport(report({ providerRef: "INV-NOSUCH00", amount: 1 }), { source: "webhook" }))
        .outcome,
    ).toBe("ignored");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("pending");
  });

  it("applies 20 concurrent identical reports exactly once", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id, { months: 12 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => applyProviderReport(report(payment), { source: "webhook" })),
    );

    expect(results.filter((r) => r.outcome === "applied")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(19);
    expect(await db.paymentEvent.count({ where: { paymentId: payment.id, toStatus: "completed" } })).toBe(1);
    const sub = await subscriptionOf(user.id);
    const paidAt = (await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).paidAt!;
    expect(sub.currentPeriodEnd).toEqual(addMonths(paidAt, 12)); // extended once, not twenty times
  });
});

describe("prepaid schedules and monthly quotas", () => {
  it("keeps a prepaid lower plan when the customer renews the current one", async () => {
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "pro" })), {
      source: "webhook",
      now,
    });
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "starter", months: 12 })), {
      source: "webhook",
      now,
    });
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "pro" })), {
      source: "webhook",
      now,
    });

    const sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("pro");
    expect(sub.currentPeriodEnd).toEqual(addMonths(now, 2));
    expect(sub.scheduledPlan?.slug).toBe("starter");
  });

  it("gives every plan payment its time: Pro, Basic and Starter all paid from free", async () => {
    // Today's rules scheduled the first lower plan and kept the third payment's money with the
    // note "not scheduled … refund this payment", nothing else; now each gets what it paid for.
    const user = await customer();
    const now = new Date("2026-11-23T10:00:00Z");
    const payments = [];
    for (const plan of ["pro", "basic", "starter"]) {
      const payment = await pendingPlanPayment(user.id, { plan });
      payments.push(payment);
      const outcome = await applyProviderReport(report(payment), { source: "webhook", now });
      expect(outcome.detail).not.toContain("refund");
    }
    const sub = await subscriptionOf(user.id);
    expect(sub.plan.slug).toBe("pro");
    expect(sub.currentPeriodEnd).toEqual(addMonths(now, 1));
    expect(sub.scheduledPlan?.slug).toBe("basic");
    const periods = sub.paidPeriods as { planId: string; paymentId: string; amount: number }[];
    expect(periods.map((period) => [period.paymentId, period.amount])).toEqual(
      payments.map((payment) => [payment.id, payment.amount]),
    );
    await settleSubscription(user.id, new Date(addMonths(now, 2).getTime() + day));
    expect((await subscriptionOf(user.id)).plan.slug).toBe("starter");
  });

  it("resets request usage every month of a 12-month plan", async () => {
    const user = await customer();
    const now = new Date("2026-01-10T10:00:00Z");
    await applyProviderReport(report(await pendingPlanPayment(user.id, { plan: "pro", months: 12 })), {
      source: "webhook",
      now,
    });
    await db.subscription.update({ where: { userId: user.id }, data: { requestsUsed: 250_000 } });

    await settleSubscription(user.id, new Date("2026-02-09T10:00:00Z"));
    expect((await subscriptionOf(user.id)).requestsUsed).toBe(250_000);

    await settleSubscription(user.id, new Date("2026-03-15T10:00:00Z"));
    const sub = await subscriptionOf(user.id);
    expect(sub.requestsUsed).toBe(0);
    expect(sub.usageResetsAt).toEqual(new Date("2026-04-10T10:00:00Z"));
    expect(sub.plan.slug).toBe("pro");
  });

  it("never moves a partial payment back to a smaller amount", async () => {
    const user = await customer();
    const payment = await pendingPlanPayment(user.id);
    const partial = (amountReceived: number) =>
      report(payment, { status: "partially_paid", providerStatus: "partial", amountReceived });
    await applyProviderReport(partial(20_000), { source: "webhook" });
    expect((await applyProviderReport(partial(10_000), { source: "reconcile" })).outcome).toBe("duplicate");
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).amountReceived).toBe(20_000);
  });
});

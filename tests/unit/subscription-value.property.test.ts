import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cancel,
  freeSubscription,
  purchase,
  removeRefundedTime,
  resume,
  settle,
  type SubscriptionState,
} from "@/lib/billing/subscriptions/rules";
import { changePlanNow, endNow, grantDays } from "@/lib/billing/subscriptions/admin-rules";
import { DAY_MS, paidUntil, unusedValue, type PaidPeriod } from "@/lib/billing/subscriptions/value";
import { addMonths, at, plan, plans, priceOf } from "./subscription-fixtures";

// Random sequences of purchases (first, renewal, upgrade, downgrade; monthly or 12 months; USD or
// RUB), cancellations, resumptions, refunds that end the time they bought, an admin's changes
// (days given, the plan changed now, the paid time ended now), and time passing. After
// every step: no value vanished or appeared (per currency, against what the step moved), and no
// period ends before it was paid for.

const PAID = ["starter", "basic", "pro", "business", "enterprise"] as const;

type Step =
  | { kind: "buy"; slug: (typeof PAID)[number]; months: 1 | 12; currency: "USD" | "RUB" }
  | { kind: "cancel" }
  | { kind: "resume" }
  | { kind: "refund"; pick: number; share: number }
  | { kind: "wait"; ms: number }
  | { kind: "grant"; slug: (typeof PAID)[number]; days: number }
  | { kind: "changePlan"; slug: (typeof PAID)[number] }
  | { kind: "endNow" };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("buy" as const),
      slug: fc.constantFrom(...PAID),
      months: fc.constantFrom(1 as const, 12 as const),
      currency: fc.constantFrom("USD" as const, "RUB" as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "cancel" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "resume" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      pick: fc.nat(),
      share: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("grant" as const),
      slug: fc.constantFrom(...PAID),
      days: fc.integer({ min: 1, max: 366 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("changePlan" as const), slug: fc.constantFrom(...PAID) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "endNow" as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      ms: fc.integer({ min: 1, max: 400 * DAY_MS }),
    }),
  },
);

const valueOf = (sub: SubscriptionState, now: Date) => unusedValue(sub.paidPeriods, now);
const get = (value: Map<string, number>, currency: string) => value.get(currency) ?? 0;

function checkShape(sub: SubscriptionState, now: Date) {
  // Back to back, the first covering now, and the state agreeing with the periods.
  const periods = sub.paidPeriods;
  for (let i = 1; i < periods.length; i++) expect(periods[i]!.startsAt).toEqual(periods[i - 1]!.endsAt);
  if (periods.length === 0) {
    expect(sub.planId).toBe(plans.free.id);
    expect(sub.currentPeriodEnd).toBeNull();
  } else {
    expect(periods[0]!.startsAt.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(sub.planId).toBe(periods[0]!.planId);
    expect(sub.currentPeriodEnd!.getTime()).toBeGreaterThan(now.getTime());
  }
  for (const period of periods) expect(period.amount).toBeGreaterThanOrEqual(0);
}

describe("subscription value (property)", () => {
  it("is conserved by every sequence of purchases, cancellations, refunds and time", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        let now = at("2026-01-01");
        let sub = freeSubscription(plans.free, now);
        const payments: { id: string; amount: number; currency: string; refunded: boolean }[] = [];
        for (const next of steps) {
          sub = settle(sub, plans, now);
          const before = valueOf(sub, now);
          const paidUntilBefore = paidUntil(sub.paidPeriods, now);
          switch (next.kind) {
            case "buy": {
              const payment = {
                id: `pay_${payments.length + 1}`,
                amount: priceOf(next.slug, next.months, next.currency),
                currency: next.currency,
              };
              const result = purchase(sub, plan(next.slug), next.months, payment, plans, now);
              expect(result.kind).toBe("applied"); // every plan is sold in both currencies
              if (result.kind !== "applied") return;
              payments.push({ ...payment, refunded: false });
              const after = valueOf(result.state, now);
              // Exactly the payment's value appeared, in its currency; every other currency kept.
              for (const currency of ["USD", "RUB"]) {
                const added = currency === payment.currency ? payment.amount : 0;
                expect(get(after, currency)).toBe(get(before, currency) + added);
              }
              // The months paid for are all there: the payment's own period is whole.
              const own = result.state.paidPeriods.find((p: PaidPeriod) => p.paymentId === payment.id)!;
              expect(own.endsAt).toEqual(addMonths(own.startsAt, next.months));
              expect(own.startsAt.getTime()).toBeGreaterThanOrEqual(now.getTime());
              if (result.change.kind !== "upgraded" && result.change.kind !== "purchased") {
                // Nothing already paid for is shortened by adding to it.
                expect(paidUntil(result.state.paidPeriods, now)!.getTime()).toBeGreaterThan(
                  paidUntilBefore!.getTime(),
                );
              }
              sub = result.state;
              break;
            }
            case "cancel":
            case "resume": {
              const change = (next.kind === "cancel" ? cancel : resume)(sub, plans, now);
              if (change) sub = { ...sub, cancelAtPeriodEnd: next.kind === "cancel" };
              expect(valueOf(sub, now)).toEqual(before);
              expect(paidUntil(sub.paidPeriods, now)).toEqual(paidUntilBefore);
              break;
            }
            case "refund": {
              const open = payments.filter((payment) => !payment.refunded);
              if (open.length === 0) break;
              const payment = open[next.pick % open.length]!;
              payment.refunded = true;
              const amount = Math.max(1, Math.floor(payment.amount * next.share));
              const result = removeRefundedTime(sub, { ...payment, amount }, plans, now);
              // What leaves is the refund, or all that was left in its currency; never more.
              expect(result.removed).toBe(Math.min(amount, get(before, payment.currency)));
              const after = valueOf(result.state, now);
              for (const currency of ["USD", "RUB"]) {
                const removed = currency === payment.currency ? result.removed : 0;
                // Time is cut in whole milliseconds: at most one minor unit of rounding.
                expect(
                  Math.abs(get(after, currency) - (get(before, currency) - removed)),
                ).toBeLessThanOrEqual(1);
              }
              sub = result.state;
              break;
            }
            case "grant": {
              const result = grantDays(sub, plan(next.slug), next.days, plans, now);
              if (result.kind !== "applied") break;
              // Given time is worth nothing: no value appears, and nothing paid is shortened.
              expect(valueOf(result.state, now)).toEqual(before);
              expect(paidUntil(result.state.paidPeriods, now)!.getTime()).toBeGreaterThanOrEqual(
                (paidUntilBefore ?? now).getTime() + next.days * DAY_MS,
              );
              sub = result.state;
              break;
            }
            case "changePlan": {
              const result = changePlanNow(sub, plan(next.slug), plans, now);
              if (result.kind !== "applied") break;
              expect(valueOf(result.state, now)).toEqual(before);
              sub = result.state;
              break;
            }
            case "endNow": {
              const result = endNow(sub, plans, now);
              if (result.kind !== "applied") break;
              // All of it leaves, and the event says how much.
              expect(valueOf(result.state, now).size).toBe(0);
              expect(result.change.value).toEqual(
                [...before].map(([currency, amount]) => ({ currency, amount: -amount })),
              );
              sub = result.state;
              break;
            }
            case "wait": {
              const later = new Date(now.getTime() + next.ms);
              const settled = settle(sub, plans, later);
              // Time only uses value up: none appears while it passes.
              for (const currency of ["USD", "RUB"])
                expect(get(valueOf(settled, later), currency)).toBeLessThanOrEqual(get(before, currency));
              sub = settled;
              now = later;
              break;
            }
          }
          checkShape(settle(sub, plans, now), now);
        }
      }),
      { numRuns: 500 },
    );
  });
});

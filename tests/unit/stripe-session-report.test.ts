import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { sessionReport } from "@/lib/billing/providers/stripe/sessions";

const session = (amountTotal: number | null) =>
  ({ id: "cs_test_1", currency: "usd", amount_total: amountTotal }) as Stripe.Checkout.Session;

describe("a Checkout Session as a report", () => {
  it("carries the amount paid with a completion, so it is checked against the invoice", () => {
    expect(sessionReport(session(29_900), { status: "completed", providerStatus: "paid" })).toMatchObject({
      status: "completed",
      currency: "USD",
      amountReceived: 29_900,
    });
  });

  it("does not take a completion without an amount as paid", () => {
    expect(sessionReport(session(null), { status: "completed", providerStatus: "paid" })).toMatchObject({
      status: "pending",
      amountReceived: null,
    });
  });

  it("reports no amount for a session that was not paid", () => {
    expect(sessionReport(session(29_900), { status: "expired", providerStatus: "expired" })).toMatchObject({
      status: "expired",
      amountReceived: null,
    });
  });
});

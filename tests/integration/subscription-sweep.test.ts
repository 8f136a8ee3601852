import { describe, expect, it } from "vitest";
import { addMonths } from "@/lib/billing/calendar";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { getAccountOverview } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { sweepSubscriptions } from "@/lib/jobs/sweeps";
import { customer, pendingPlanPayment, subscriptionOf } from "./helpers";

// A paid period that ends is rolled over by a sweep, with nobody looking; a page read before the
// sweep has run shows the same result without writing anything.

async function paidPro(now: Date) {
  const user = await customer("sweep");
  const payment = await pendingPlanPayment(user.id, { plan: "pro" });
  await applyProviderReport(
    {
      provider: "cryptocloud",
      providerRef: payment.providerRef!,
      status: "completed",
      providerStatus: "paid",
      currency: "USD",
      amountReceived: payment.amount,
    },
    { source: "webhook", now },
  );
  return user;
}

describe("the subscription sweep", () => {
  it("leaves the row alone when a page reads an ended period, and the sweep rolls it over to free", async () => {
    const paidAt = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    const user = await paidPro(paidAt);
    const before = await subscriptionOf(user.id);
    expect(before.plan.slug).toBe("pro");
    expect(before.currentPeriodEnd).toEqual(addMonths(paidAt, 1));

    // The page sees the period as over…
    const overview = await getAccountOverview(user.id);
    expect(overview).toMatchObject({ plan: { slug: "free" }, currentPeriodEnd: null });
    // …without having written it.
    const unchanged = await subscriptionOf(user.id);
    expect(unchanged.plan.slug).toBe("pro");
    expect(unchanged.updatedAt).toEqual(before.updatedAt);

    const { settled } = await sweepSubscriptions();
    expect(settled).toBeGreaterThanOrEqual(1);
    const after = await subscriptionOf(user.id);
    expect(after).toMatchObject({ plan: { slug: "free" }, currentPeriodEnd: null, requestsUsed: 0 });
  });

  it("writes nothing when nothing is due", async () => {
    const user = await paidPro(new Date());
    await sweepSubscriptions();
    const before = await subscriptionOf(user.id);
    const { settled } = await sweepSubscriptions();
    expect(settled).toBe(0);
    expect((await subscriptionOf(user.id)).updatedAt).toEqual(before.updatedAt);
    expect(await db.subscription.count({ where: { userId: user.id } })).toBe(1);
  });
});

import { describe, expect, it } from "vitest";
import { addMonths } from "@/lib/billing/calendar";
import { getAccountOverview } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { sweepSubscriptions } from "@/lib/jobs/sweeps";
import { renderNotice } from "@/lib/notifications/render";
import { customer, paidPlanPayment, subscriptionOf } from "./helpers";

// A paid period that ends is rolled over by a sweep, with nobody looking; a page read before the
// sweep has run shows the same result without writing anything.

async function paidPro(now: Date, chatId?: string) {
  const user = await customer("sweep");
  if (chatId) await db.user.update({ where: { id: user.id }, data: { telegramChatId: chatId } });
  await paidPlanPayment(user.id, { plan: "pro", now });
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

describe("renewal reminders and the ended notice", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const messagesTo = (chatId: string) =>
    db.notification.findMany({
      where: { chatId, kind: { in: ["renewal_reminder", "plan_ended"] } },
      orderBy: { createdAt: "asc" },
    });

  it("reminds once, RENEWAL_REMINDER_DAYS before the end, and tells once when it ended, with two sweeps racing", async () => {
    const chatId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const paidAt = new Date(Date.now() - 40 * DAY);
    const user = await paidPro(paidAt, chatId);
    const end = addMonths(paidAt, 1);

    // Five days before the end: not yet (the default is 3 days).
    await Promise.all([
      sweepSubscriptions({ now: new Date(end.getTime() - 5 * DAY) }),
      sweepSubscriptions({ now: new Date(end.getTime() - 5 * DAY) }),
    ]);
    expect(await messagesTo(chatId)).toHaveLength(0);

    // Two days before: one reminder, however many sweeps run.
    const twoDaysBefore = new Date(end.getTime() - 2 * DAY);
    await Promise.all([
      sweepSubscriptions({ now: twoDaysBefore }),
      sweepSubscriptions({ now: twoDaysBefore }),
    ]);
    await sweepSubscriptions({ now: new Date(end.getTime() - DAY) });
    const reminders = await messagesTo(chatId);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ kind: "renewal_reminder", userId: user.id });
    // Stored as values; worded when sent, in the customer's language (with the renew link).
    expect(reminders[0]).toMatchObject({ text: null, params: { plan: "Pro", endsOn: end.toISOString() } });
    expect(renderNotice(reminders[0]!, "en")).toMatch(
      /^Your Pro plan ends on .+\. Renew to keep it: .*\/dashboard\/plans$/,
    );
    expect(renderNotice(reminders[0]!, "ru")).toContain("/dashboard/plans");

    // After the end: rolled over to free, and told once.
    const after = new Date(end.getTime() + 60_000);
    await Promise.all([sweepSubscriptions({ now: after }), sweepSubscriptions({ now: after })]);
    await sweepSubscriptions({ now: new Date(after.getTime() + 60_000) });
    expect((await subscriptionOf(user.id)).plan.slug).toBe("free");
    const all = await messagesTo(chatId);
    expect(all.map((message) => message.kind)).toEqual(["renewal_reminder", "plan_ended"]);
    expect(all[1]!.params).toEqual({ plan: "Pro", freePlan: "Free", endedOn: end.toISOString() });
    const [ended] = await db.subscriptionEvent.findMany({
      where: { subscription: { userId: user.id }, kind: "ended" },
    });
    expect(ended?.at).toEqual(end);
  });

  it("does not remind a customer who cancelled", async () => {
    const chatId = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const paidAt = new Date(Date.now() - 40 * DAY);
    const user = await paidPro(paidAt, chatId);
    await db.subscription.update({ where: { userId: user.id }, data: { cancelAtPeriodEnd: true } });
    await sweepSubscriptions({ now: new Date(addMonths(paidAt, 1).getTime() - DAY) });
    expect(await messagesTo(chatId)).toHaveLength(0);
  });
});

import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { subscriptionCommandAction } from "@/app/admin/customers/[id]/actions";
import { getSubscriptionTimeline } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { DAY } from "./admin-fixtures";
import { customer, paidPlanPayment, subscriptionOf } from "./helpers";

// An admin's subscription controls on the customer page, through the server action (session,
// role, zod, then the billing module): every change is recorded as a SubscriptionEvent with the
// admin's id and reason, and the customer's own history shows it with that reason.

vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
// Outside a Next.js request there is no cache to revalidate.
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const signedInAs = (userId: string) =>
  vi.mocked(getServerSession).mockResolvedValue({ user: { id: userId }, expires: "2999-01-01" });
beforeEach(() => vi.mocked(getServerSession).mockReset());

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

async function admin() {
  const user = await customer("admin");
  await db.user.update({ where: { id: user.id }, data: { role: "ADMIN" } });
  return user;
}

async function onPro() {
  const user = await customer("on-pro");
  await paidPlanPayment(user.id, { plan: "pro" });
  return user;
}

describe("an admin's subscription controls", () => {
  it("extend by 7 days moves the period end and is in the customer's history with the reason", async () => {
    const [staff, user] = await Promise.all([admin(), onPro()]);
    const before = await subscriptionOf(user.id);
    signedInAs(staff.id);
    const result = await subscriptionCommandAction(
      null,
      form({ userId: user.id, command: "extend", days: "7", planSlug: "", reason: "Outage on 1 Dec" }),
    );
    expect(result).toMatchObject({ ok: true });
    const after = await subscriptionOf(user.id);
    expect(after.currentPeriodEnd!.getTime() - before.currentPeriodEnd!.getTime()).toBe(7 * DAY);
    const [latest] = await getSubscriptionTimeline(user.id);
    expect(latest).toMatchObject({ kind: "extended", reason: "Outage on 1 Dec" });
    const event = await db.subscriptionEvent.findUniqueOrThrow({ where: { id: latest!.id } });
    expect(event.actorId).toBe(staff.id);
  });

  it("requires a reason, and only an admin may use it", async () => {
    const [staff, user] = await Promise.all([admin(), onPro()]);
    signedInAs(staff.id);
    const missing = await subscriptionCommandAction(
      null,
      form({ userId: user.id, command: "end_now", reason: " " }),
    );
    expect(missing).toMatchObject({ ok: false, errors: { reason: [expect.stringContaining("Say why")] } });

    signedInAs(user.id);
    const self = await subscriptionCommandAction(
      null,
      form({ userId: user.id, command: "extend", days: "365", reason: "free year please" }),
    );
    expect(self).toEqual({ ok: false, message: "You are not allowed to do this." });
    expect((await subscriptionOf(user.id)).plan.slug).toBe("pro");
    expect(
      await db.subscriptionEvent.count({
        where: { subscription: { userId: user.id }, actorId: { not: null } },
      }),
    ).toBe(0);
  });

  it("ends the paid time now, or at its end, each recorded; refuses what makes no sense", async () => {
    const [staff, user, other] = await Promise.all([admin(), onPro(), customer("on-free")]);
    signedInAs(staff.id);
    const run = (fields: Record<string, string>) =>
      subscriptionCommandAction(null, form({ reason: "support ticket 42", ...fields }));

    expect(await run({ userId: other.id, command: "change_plan", planSlug: "pro" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("no paid time"),
    });
    expect(await run({ userId: user.id, command: "cancel_at_period_end" })).toMatchObject({ ok: true });
    expect((await subscriptionOf(user.id)).cancelAtPeriodEnd).toBe(true);
    expect(await run({ userId: user.id, command: "end_now" })).toMatchObject({ ok: true });
    const ended = await subscriptionOf(user.id);
    expect(ended).toMatchObject({ plan: { slug: "free" }, currentPeriodEnd: null, cancelAtPeriodEnd: false });
    const kinds = (await getSubscriptionTimeline(user.id)).map((event) => event.kind);
    expect(kinds.slice(0, 2)).toEqual(["ended_now", "canceled"]);
  });
});

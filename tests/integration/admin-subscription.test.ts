import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { subscriptionCommandAction, walletAdjustmentAction } from "@/app/admin/customers/[id]/actions";
import { getSubscriptionTimeline } from "@/lib/billing/subscriptions/queries";
import { db } from "@/lib/db";
import { DAY } from "./admin-fixtures";
import { customer, paidPlanPayment, subscriptionOf } from "./helpers";
import { testRequest } from "../support/test-request";

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
    expect(result).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Done: Pro extended by 7 days, until \d{1,2} [A-Z][a-z]{2} \d{4}\.$/),
    });
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

describe("an admin reading Russian", () => {
  // The reader's language comes with the request (its cookie or Accept-Language): the action's
  // answers, its field errors and the billing module's outcomes are all in it.
  beforeEach(() => {
    testRequest.acceptLanguage = "ru-RU,ru;q=0.9,en;q=0.5";
  });

  it("is answered in Russian: the change, its refusal and a missing reason", async () => {
    const [staff, user, other] = await Promise.all([admin(), onPro(), customer("ru-on-free")]);
    signedInAs(staff.id);
    const extended = await subscriptionCommandAction(
      null,
      form({ userId: user.id, command: "extend", days: "5", planSlug: "", reason: "Сбой 1 декабря" }),
    );
    expect(extended).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Готово: Pro продлён на 5 дней, до \d{1,2} [а-я]+\.? \d{4} г\.$/),
    });

    const missing = await subscriptionCommandAction(
      null,
      form({ userId: user.id, command: "end_now", reason: "" }),
    );
    expect(missing).toEqual({
      ok: false,
      message: "Исправьте отмеченные поля.",
      errors: { reason: ["Укажите причину (не короче 3 символов): клиент увидит её в своей истории."] },
    });

    const cancelled = await subscriptionCommandAction(
      null,
      form({ userId: other.id, command: "cancel_at_period_end", reason: "по просьбе клиента" }),
    );
    expect(cancelled).toEqual({
      ok: false,
      message: "Отменять нечего: оплаченного времени нет или подписка уже отменена.",
    });
  });

  it("gets the wallet's refusal in Russian, with the balance written the Russian way", async () => {
    const [staff, user] = await Promise.all([admin(), customer("ru-wallet")]);
    signedInAs(staff.id);
    const credited = await walletAdjustmentAction(
      null,
      form({ userId: user.id, direction: "credit", amount: "1500", reason: "компенсация" }),
    );
    expect(credited).toEqual({ ok: true, data: undefined, message: "Готово: баланс 1\u00a0500,00\u00a0₽." });
    const refused = await walletAdjustmentAction(
      null,
      form({ userId: user.id, direction: "debit", amount: "2000.50", reason: "ошибочное начисление" }),
    );
    expect(refused).toEqual({
      ok: false,
      message: "На балансе 1\u00a0500,00\u00a0₽: списать можно не больше этой суммы.",
    });
  });
});

import { createHmac } from "node:crypto";
import { getServerSession } from "next-auth";
import { beforeEach, describe, expect, it, vi } from "vitest";
import BalancePage from "@/app/dashboard/balance/page";
import { topUpAction } from "@/app/dashboard/balance/actions";
import DashboardPage from "@/app/dashboard/(home)/page";
import { checkPaymentAction } from "@/app/dashboard/payment/check-action";
import PaymentErrorPage from "@/app/dashboard/payment/error/page";
import PaymentSuccessPage from "@/app/dashboard/payment/success/page";
import PaymentsPage from "@/app/dashboard/payments/page";
import { startCheckoutAction } from "@/app/dashboard/plans/actions";
import PlansPage from "@/app/dashboard/plans/page";
import {
  cancelSubscriptionAction,
  resumeSubscriptionAction,
} from "@/app/dashboard/plans/subscription-actions";
import { linkTelegramAction } from "@/app/dashboard/telegram/actions";
import TelegramPage from "@/app/dashboard/telegram/page";
import { db } from "@/lib/db";
import { customer, paidPlanPayment, pendingPlanPayment } from "./helpers";
import { renderHtml } from "../support/render-html";
import { testRequest } from "../support/test-request";

// The customer's dashboard speaks the reader's language: its server actions answer a Russian
// reader in Russian (validation included), and its pages render in Russian, with Russian plural
// forms and money and dates as Russians write them; the English reader gets today's English.

vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useRouter: () => ({ refresh() {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
const signedInAs = (userId: string) =>
  vi.mocked(getServerSession).mockResolvedValue({ user: { id: userId }, expires: "2999-01-01" });
beforeEach(() => {
  vi.mocked(getServerSession).mockReset();
});

const form = (fields: Record<string, string> = {}) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
/** Intl separates thousands with no-break spaces; compare as a reader sees them. */
const plain = (text: unknown) => JSON.parse(JSON.stringify(text).replace(/\u00a0|\u202f/g, " ")) as unknown;

async function paidPro(label: string) {
  const user = await customer(label);
  const { payment } = await paidPlanPayment(user.id, { plan: "pro", months: 1 });
  return { user, payment };
}

describe("a Russian reader's actions", () => {
  it("answer in Russian, field errors included", async () => {
    const user = await customer("ru-actions");
    signedInAs(user.id);
    testRequest.acceptLanguage = "ru-RU,ru;q=0.9";

    expect(await cancelSubscriptionAction(null, form())).toEqual({
      ok: false,
      message: "Вы на бесплатном тарифе — отменять нечего.",
    });
    expect(await resumeSubscriptionAction(null, form())).toEqual({
      ok: false,
      message: "Подписка не отменена.",
    });
    expect(await checkPaymentAction(null, form({ order_id: "ord_nothing" }))).toEqual({
      ok: false,
      message: "Такого платежа нет.",
    });
    expect(await startCheckoutAction(null, form({ plan: "free", months: "1" }))).toEqual({
      ok: false,
      message: "Бесплатный тариф не покупают: чтобы перейти на него, отмените подписку.",
    });
    expect(await startCheckoutAction(null, form({ plan: "pro", months: "3" }))).toMatchObject({
      ok: false,
      message: "Исправьте отмеченные поля.",
      errors: { months: ["Выберите 1 или 12 месяцев."] },
    });
    expect(await topUpAction(null, form({ custom: "9" }))).toMatchObject({
      ok: false,
      errors: { custom: ["Не меньше 10 ₽."] },
    });
    expect(plain(await topUpAction(null, form({ custom: "1000000000" })))).toMatchObject({
      errors: { custom: ["Не больше 100 000,00 ₽."] },
    });
    expect(await topUpAction(null, form({ custom: "10.5" }))).toMatchObject({
      errors: { custom: ["Введите целое число рублей."] },
    });
    // A chat id is only taken from the bot's signed link: typed in alone, it is refused.
    expect(await linkTelegramAction(null, form({ chat_id: "123456789" }))).toMatchObject({ ok: false });
    expect(await linkTelegramAction(null, form({ chat_id: "12x", sig: "0" }))).toMatchObject({
      errors: { chat_id: ["Введите ID чата, который прислал бот, — только цифры."] },
    });
    process.env.TELEGRAM_LINK_SECRET = "dashboard-i18n-link-secret";
    try {
      expect(await linkTelegramAction(null, form({ chat_id: "123456789", sig: "0".repeat(64) }))).toEqual({
        ok: false,
        message: "Подпись ссылки не совпадает. Откройте заново ссылку, которую прислал бот.",
      });
      const sig = createHmac("sha256", "dashboard-i18n-link-secret").update("123456789").digest("hex");
      expect(await linkTelegramAction(null, form({ chat_id: "123456789", sig }))).toEqual({
        ok: true,
        data: undefined,
        message: "Уведомления о платежах будут приходить в чат 123456789.",
      });
    } finally {
      delete process.env.TELEGRAM_LINK_SECRET;
    }
  });

  it("cancel a paid plan in Russian, with the date as Russians write it", async () => {
    const { user } = await paidPro("ru-cancel");
    signedInAs(user.id);
    testRequest.acceptLanguage = "ru";
    const cancelled = await cancelSubscriptionAction(null, form());
    expect(cancelled).toMatchObject({ ok: true });
    // A Russian date ends in "г.", which also ends the sentence.
    expect(cancelled.message).toMatch(
      /^Подписка отменена\. Всё оплаченное остаётся за вами до \d+ \S+ \d{4}\sг\.$/,
    );
    expect(await cancelSubscriptionAction(null, form())).toEqual({
      ok: false,
      message: "Подписка уже отменена.",
    });
    expect(await resumeSubscriptionAction(null, form())).toMatchObject({
      ok: true,
      message: "Подписка возобновлена.",
    });
  });

  it("are the same English as before for an English reader", async () => {
    const user = await customer("en-actions");
    signedInAs(user.id);
    expect(await cancelSubscriptionAction(null, form())).toEqual({
      ok: false,
      message: "You are on the Free plan: there is nothing to cancel.",
    });
    expect(plain(await topUpAction(null, form({ custom: "1000000000" })))).toMatchObject({
      errors: { custom: ["At most ₽100,000.00."] },
    });
    expect(await startCheckoutAction(null, form({ plan: "free", months: "1" }))).toEqual({
      ok: false,
      message: "Free is not bought: cancel your subscription instead.",
    });
  });
});

describe("the dashboard's pages", () => {
  it("render in Russian for a Russian reader", async () => {
    const { user, payment } = await paidPro("ru-pages");
    signedInAs(user.id);
    testRequest.acceptLanguage = "ru";

    const home = plain(await renderHtml(await DashboardPage())) as string;
    expect(home).toContain("Здравствуйте");
    expect(home).toContain("История подписки");
    expect(home).toMatch(/Покупка.*Тариф Pro действует до \d+ \S+ \d{4} г\./);
    expect(home).toContain("0,00 ₽");
    expect(home).toContain("/ 300 000 запросов");

    const plans = plain(
      await renderHtml(await PlansPage({ params: Promise.resolve({}), searchParams: Promise.resolve({}) })),
    ) as string;
    expect(plans).toContain("Тарифы");
    expect(plans).toContain("Продлить Pro");
    expect(plans).toContain("запросов в месяц");

    const balance = await renderHtml(await BalancePage());
    expect(balance).toContain("Ваш баланс");
    expect(balance).toContain("Пополнить");

    const payments = plain(
      await renderHtml(
        await PaymentsPage({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }),
      ),
    ) as string;
    expect(payments).toContain("Pro · 1 месяц");
    expect(payments).toContain("Оплачен");
    expect(payments).toContain("299,00 $");
    expect(payments).toContain(`/dashboard/receipts/${payment.orderId}`);
    expect(payments).toContain("Квитанция");

    const query = (orderId: string) => ({
      params: Promise.resolve({}),
      searchParams: Promise.resolve({ order_id: orderId }),
    });
    const success = plain(await renderHtml(await PaymentSuccessPage(query(payment.orderId)))) as string;
    expect(success).toMatch(/Тариф Pro действует до \d+ \S+ \d{4} г\./);
    expect(success).toContain("299,00 $ · заказ");

    const expired = await pendingPlanPayment(user.id, { plan: "basic" });
    await db.payment.update({ where: { id: expired.id }, data: { status: "expired" } });
    const error = await renderHtml(await PaymentErrorPage(query(expired.orderId)));
    expect(error).toContain("Платёж не завершён");
    expect(error).toContain("Срок действия счёта истёк до поступления оплаты. Деньги не списаны.");
    expect(error).toContain("Попробовать снова");

    const telegram = await renderHtml(
      await TelegramPage({ params: Promise.resolve({}), searchParams: Promise.resolve({ tg_id: "42" }) }),
    );
    expect(telegram).toContain("Чат Telegram не привязан.");
    expect(telegram).toContain("Ссылка неполная");
  });

  it("render in English for an English reader", async () => {
    const { user } = await paidPro("en-pages");
    signedInAs(user.id);

    const home = await renderHtml(await DashboardPage());
    expect(home).toContain("Subscription history");
    expect(home).toMatch(/Purchased.*Pro active until \d+ \w+ \d{4}/);
    const plans = await renderHtml(
      await PlansPage({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }),
    );
    expect(plans).toContain("Renew Pro");
    const payments = await renderHtml(
      await PaymentsPage({ params: Promise.resolve({}), searchParams: Promise.resolve({}) }),
    );
    expect(payments).toContain("Pro · 1 month");
    expect(payments).toContain("$299.00");
  });
});

import { createHmac } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import ProductReceiptPage from "@/app/pay/[product]/done/page";
import ProductPage, { generateMetadata as productMetadata } from "@/app/pay/[product]/page";
import PayLinkInvalidPage from "@/app/pay-link-invalid/page";
import BotTopUpDonePage from "@/app/pay/topup/done/page";
import BotTopUpPage from "@/app/pay/topup/page";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { createPendingPayment } from "@/lib/billing/payments/create";
import { formatMoney } from "@/lib/billing/pricing";
import { receiptKey } from "@/lib/billing/products/receipt-key";
import { db } from "@/lib/db";
import { renderHtml } from "../support/render-html";
import { testRequest } from "../support/test-request";
import { customer, pendingCoursePurchase } from "./helpers";

// The bot link's pages (purchase, receipt, top-up and its return, the invalid-link page) in the
// reader's language: the same page in Russian and in English, money written as each reads it.

vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useRouter: () => ({ refresh() {} }),
}));

const SECRET = "pay-pages-link-secret-0123456789";
const LINK = "https://t.me/+pay-pages-invite";
const sign = (chatId: string) => createHmac("sha256", SECRET).update(chatId).digest("hex");
let chat = 5_100_000;

beforeAll(() => {
  Object.assign(process.env, { TELEGRAM_LINK_SECRET: SECRET, PAID_CHANNEL_LINK: LINK });
});
afterEach(() => {
  testRequest.acceptLanguage = "en";
});

const html = async (page: Promise<React.ReactNode> | React.ReactNode) => renderHtml(await page);
const read = (language: "ru" | "en") => void (testRequest.acceptLanguage = language);

/** A course bought from the bot by a chat, paid and applied. */
async function paidCourse() {
  const { payment, report } = await pendingCoursePurchase(String(++chat));
  await applyProviderReport(report, { source: "webhook" });
  return payment;
}

/** A bot user's top-up of 300 ₽ through YooKassa, paid and applied. */
async function paidTopUp() {
  const chatId = String(++chat);
  const user = await customer("bot-topup");
  await db.user.update({ where: { id: user.id }, data: { telegramChatId: chatId } });
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId: user.id,
      purpose: "topup",
      provider: "yookassa",
      amount: 30_000,
      currency: "RUB",
    }),
  );
  const providerRef = `yk-${payment.id}`;
  await db.payment.update({ where: { id: payment.id }, data: { providerRef } });
  await applyProviderReport(
    {
      provider: "yookassa",
      providerRef,
      status: "completed",
      providerStatus: "succeeded",
      currency: "RUB",
      amountReceived: 30_000,
    },
    { source: "webhook" },
  );
  return payment;
}

describe("the bot link's pages", () => {
  it("say an invalid link is invalid, and why, in the reader's language", async () => {
    const page = () => PayLinkInvalidPage({ searchParams: Promise.resolve({ reason: "missing" }) } as never);
    read("ru");
    const ru = await html(page());
    expect(ru).toContain("Эта ссылка на оплату недействительна");
    expect(ru).toContain(
      "Ссылка неполная: в ней должны быть и идентификатор чата в Telegram, и его подпись.",
    );
    read("en");
    const en = await html(page());
    expect(en).toContain("This payment link is not valid");
    expect(en).toContain("needs both the Telegram chat id and its signature");
  });

  it("offer the product at its price as the reader writes money", async () => {
    const chatId = String(++chat);
    const page = () =>
      ProductPage({
        params: Promise.resolve({ product: "telegram-course" }),
        searchParams: Promise.resolve({ tg_id: chatId, sig: sign(chatId) }),
      });
    read("ru");
    const ru = await html(page());
    expect(ru).toContain(`Оплатить ${formatMoney(49_00, "USD", "ru")}`);
    expect(ru).toContain("Ссылка-приглашение придёт в ваш чат в Telegram");
    expect((await productMetadata()).title).toBe("Покупка");
    read("en");
    const en = await html(page());
    expect(en).toContain("Pay $49.00");
    expect(en).toContain("The invite link comes to your Telegram chat as soon as the payment is confirmed.");
    expect((await productMetadata()).title).toBe("Buy");
  });

  it("show a paid purchase and its invite link in the reader's language", async () => {
    const payment = await paidCourse();
    const page = () =>
      ProductReceiptPage({
        params: Promise.resolve({ product: "telegram-course" }),
        searchParams: Promise.resolve({ order_id: payment.orderId, key: receiptKey(payment.orderId) }),
      });
    read("ru");
    const ru = await html(page());
    expect(ru).toContain("Спасибо!");
    expect(ru).toContain(`${formatMoney(49_00, "USD", "ru")} · заказ ${payment.orderId}`);
    expect(ru).toMatch(
      /Ваша личная ссылка-приглашение: <a [^>]*data-testid="invite-link"[^>]*>https:\/\/t\.me/,
    );
    expect(ru).toContain("Мы также отправляем её в ваш чат в Telegram.");
    read("en");
    const en = await html(page());
    expect(en).toContain("Thank you!");
    expect(en).toContain(`$49.00 · order ${payment.orderId}`);
    expect(en).toContain(LINK);
  });

  it("offer a top-up and show what it credited in the reader's language", async () => {
    const chatId = String(++chat);
    const form = () =>
      BotTopUpPage({ searchParams: Promise.resolve({ tg_id: chatId, sig: sign(chatId) }) } as never);
    read("ru");
    expect(await html(form())).toContain("Пополнение баланса");
    read("en");
    expect(await html(form())).toContain("Top up your balance");

    const payment = await paidTopUp();
    const done = () =>
      BotTopUpDonePage({
        searchParams: Promise.resolve({ order_id: payment.orderId, key: receiptKey(payment.orderId) }),
      } as never);
    read("ru");
    expect(await html(done())).toContain(
      `+${formatMoney(30_000, "RUB", "ru")}, на балансе ${formatMoney(30_000, "RUB", "ru")}`,
    );
    read("en");
    expect(await html(done())).toContain("+₽300.00, balance ₽300.00");
  });
});

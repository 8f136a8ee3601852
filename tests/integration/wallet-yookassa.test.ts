import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { botTopUpAction } from "@/app/pay/topup/actions";
import { reconcilePayment } from "@/lib/billing/payments/reconcile";
import { refundPayment } from "@/lib/billing/payments/refund";
import { balanceOf } from "@/lib/billing/wallet/ledger";
import { dashboardReturn, startTopUp } from "@/lib/billing/wallet/topup";
import { db } from "@/lib/db";
import { renderNotice } from "@/lib/notifications/render";
import { telegramCustomer } from "@/lib/users";
import { testRequest } from "../support/test-request";
import { customer } from "./helpers";
import { ledgerOf } from "./wallet-fixtures";
import { drainWebhookQueue } from "./webhook-queue";
import { withYooKassaEmulator } from "./yookassa-context";

// Wallet top-ups through YooKassa over real HTTP: the adapter creates the payment on the
// emulator, its notification (from 127.0.0.1) is re-fetched and applied, and the wallet is
// credited exactly once whichever path gets there first.

const yk = withYooKassaEmulator();

async function openTopUp(userId: string, email: string | null, rubles: number) {
  const result = await startTopUp({ userId, email, rubles, returnTo: dashboardReturn });
  if (result.kind !== "redirect") throw new Error(JSON.stringify(result));
  const payment = await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } });
  return { payment, paymentId: payment.providerRef! };
}

describe("a top-up through YooKassa", () => {
  it("refuses amounts out of bounds before any payment is made", async () => {
    const user = await customer("bounds");
    for (const rubles of [9, 10.5, 1e9]) {
      const result = await startTopUp({
        userId: user.id,
        email: user.email,
        rubles,
        returnTo: dashboardReturn,
      });
      expect(result.kind).toBe("unavailable");
    }
    expect(await db.payment.count({ where: { userId: user.id } })).toBe(0);
  });

  it("is credited once when paid, the notification applied by the worker", async () => {
    const user = await customer("yk-topup");
    const { payment, paymentId } = await openTopUp(user.id, user.email, 300);
    expect(payment).toMatchObject({
      purpose: "topup",
      provider: "yookassa",
      amount: 30_000,
      currency: "RUB",
    });
    await yk.emulator().pay(paymentId);
    await drainWebhookQueue();
    expect(await balanceOf(user.id)).toBe(30_000);
    expect(await yk.emulator().notify(paymentId)).toBe(200);
    await drainWebhookQueue();
    expect(await ledgerOf(user.id)).toHaveLength(1);
  });

  it("is credited once when the success page's check races the notification", async () => {
    const user = await customer("yk-race");
    const { payment, paymentId } = await openTopUp(user.id, user.email, 500);
    await yk.emulator().pay(paymentId, { notify: false });
    await Promise.all([
      yk
        .emulator()
        .notify(paymentId)
        .then(() => drainWebhookQueue()),
      reconcilePayment(payment.id),
      reconcilePayment(payment.id),
    ]);
    await drainWebhookQueue();
    expect(await balanceOf(user.id)).toBe(50_000);
    expect(await ledgerOf(user.id)).toHaveLength(1);
  });

  it("refunded in part by an admin through YooKassa's API debits the wallet once, notification or not", async () => {
    const user = await customer("yk-refund");
    const admin = await db.user.update({
      where: { id: (await customer("yk-admin")).id },
      data: { role: "ADMIN" },
    });
    const { payment, paymentId } = await openTopUp(user.id, user.email, 300);
    await yk.emulator().pay(paymentId);
    await drainWebhookQueue();

    const result = await refundPayment(payment.id, admin, { amount: "100", endTime: false });
    expect(result).toMatchObject({ ok: true });
    await drainWebhookQueue();
    expect(
      yk
        .emulator()
        .refunds()
        .filter((refund) => refund.paymentId === paymentId),
    ).toEqual([expect.objectContaining({ amount: 10_000 })]);
    expect(await balanceOf(user.id)).toBe(20_000);
    expect(await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "completed",
      amountRefunded: 10_000,
    });
    expect((await ledgerOf(user.id)).map((entry) => [entry.kind, entry.amount])).toEqual([
      ["topup", 30_000],
      ["topup_refund", -10_000],
    ]);
  });
});

describe("a Telegram chat's customer", () => {
  it("is created once, however many top-ups start at once, and cannot sign in", async () => {
    const chatId = String(700_000_000 + Math.floor(Math.random() * 1_000_000));
    const [a, b, c] = await Promise.all([
      telegramCustomer(chatId),
      telegramCustomer(chatId),
      telegramCustomer(chatId),
    ]);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(a.email).toBeNull();
    const row = await db.user.findUniqueOrThrow({ where: { id: a.id }, omit: { passwordHash: false } });
    expect(row).toMatchObject({ telegramChatId: chatId, passwordHash: null });
    expect(await db.subscription.count({ where: { userId: a.id } })).toBe(1);

    const { paymentId } = await openTopUp(a.id, null, 100);
    await yk.emulator().pay(paymentId);
    await drainWebhookQueue();
    expect(await balanceOf(a.id)).toBe(10_000);
    // The bot's user is told in their chat, once.
    const told = await db.notification.findMany({ where: { chatId, kind: "topup_credited" } });
    expect(told.map((message) => message.params)).toEqual([
      { amount: 10_000, balance: 10_000, currency: "RUB" },
    ]);
    expect(renderNotice(told[0]!, "en")).toBe("+₽100.00, balance ₽100.00.");
    expect(renderNotice(told[0]!, "ru")).toBe("+100,00\u00a0₽, на балансе 100,00\u00a0₽.");
  });
});

describe("the bot's top-up link", () => {
  const secret = "integration-link-secret-0123456789";
  const form = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  };

  it("asks a Telegram-only customer for an email when receipts are on, and sends it with the payment", async () => {
    vi.stubEnv("TELEGRAM_LINK_SECRET", secret);
    vi.stubEnv("YOOKASSA_RECEIPTS", "true");
    try {
      const chatId = String(800_000_000 + Math.floor(Math.random() * 1_000_000));
      const link = { tg_id: chatId, sig: createHmac("sha256", secret).update(chatId).digest("hex") };
      expect(await botTopUpAction(null, form({ ...link, preset: "300" }))).toMatchObject({
        ok: false,
        errors: { email: expect.any(Array) },
      });
      expect(await db.payment.count({ where: { user: { telegramChatId: chatId } } })).toBe(0);

      // With the email, the action opens the payment and redirects to YooKassa (Next's redirect throws).
      await expect(
        botTopUpAction(null, form({ ...link, preset: "300", email: "bot-user@example.com" })),
      ).rejects.toThrow(/NEXT_REDIRECT/);
      const payment = await db.payment.findFirstOrThrow({ where: { user: { telegramChatId: chatId } } });
      const created = yk.emulator().getPayment(payment.providerRef!);
      expect(created?.receipt).toMatchObject({ customer: { email: "bot-user@example.com" } });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("answers in the reader's language, and gives a Telegram-only customer that language for the bot's messages", async () => {
    vi.stubEnv("TELEGRAM_LINK_SECRET", secret);
    vi.stubEnv("YOOKASSA_RECEIPTS", "true");
    testRequest.acceptLanguage = "ru";
    try {
      const chatId = String(810_000_000 + Math.floor(Math.random() * 1_000_000));
      const sig = createHmac("sha256", secret).update(chatId).digest("hex");
      expect(await botTopUpAction(null, form({ tg_id: chatId, sig: "f".repeat(64), preset: "300" }))).toEqual(
        {
          ok: false,
          message: "Подпись ссылки не совпадает. Откройте ещё раз ссылку, которую прислал бот.",
        },
      );
      expect(await botTopUpAction(null, form({ tg_id: chatId, sig, preset: "300" }))).toEqual({
        ok: false,
        message: "Укажите адрес электронной почты для чека.",
        errors: { email: ["Заполните это поле."] },
      });
      const chatCustomer = await db.user.findFirstOrThrow({ where: { telegramChatId: chatId } });
      expect(chatCustomer.locale).toBe("ru");

      // A language the customer has is never overridden by the page's.
      testRequest.acceptLanguage = "en";
      await botTopUpAction(null, form({ tg_id: chatId, sig, preset: "300" }));
      expect((await db.user.findUniqueOrThrow({ where: { id: chatCustomer.id } })).locale).toBe("ru");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { queueTelegramNotification, type NotificationRequest } from "@/lib/billing/notifications";
import { createPendingPayment } from "@/lib/billing/payments/create";
import { formatMoney } from "@/lib/billing/pricing";
import { db } from "@/lib/db";
import { formatDate } from "@/lib/format";
import { deliverNotification, TemporaryDeliveryError } from "@/lib/jobs/telegram";
import { startWorkers, type Workers } from "@/lib/jobs/workers";
import { startTelegramEmulator, type TelegramEmulator } from "@/sandbox/telegram/emulator";
import { customer, pendingCoursePurchase } from "./helpers";

// The outbox end to end: a completed product payment → Entitlement + Notification + pg-boss job
// in one transaction → a worker → the Telegram emulator over HTTP.

const TOKEN = "123456:test-bot-token";
const LINK = "https://t.me/+paid-channel-invite";
let telegram: TelegramEmulator;
let workers: Workers | undefined;

beforeAll(async () => {
  telegram = await startTelegramEmulator({ token: TOKEN });
  Object.assign(process.env, {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_BASE: telegram.url,
    PAID_CHANNEL_LINK: LINK,
  });
});
afterEach(async () => {
  await workers?.stop();
  workers = undefined;
});
afterAll(async () => {
  await telegram.close();
});

const startWorker = async () =>
  (workers = await startWorkers(process.env.DATABASE_URL!, { pollingIntervalSeconds: 0.5 }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(100);
  }
}
const messagesTo = (chatId: string) => telegram.messages.filter((m) => m.chatId === chatId);

let chatCounter = 1000;
/** A course bought from the Telegram bot by a chat, paid and waiting to be applied. */
const coursePurchase = () => pendingCoursePurchase(String(++chatCounter));

describe("post-payment notifications", () => {
  it("grants the course once and sends the invite once, however many completions arrive", async () => {
    const { chatId, payment, report } = await coursePurchase();
    await Promise.all(Array.from({ length: 20 }, () => applyProviderReport(report, { source: "webhook" })));

    expect(await db.entitlement.count({ where: { paymentId: payment.id } })).toBe(1);
    expect(await db.notification.count({ where: { paymentId: payment.id } })).toBe(1);

    await startWorker();
    await until(() => messagesTo(chatId).length === 1);
    await sleep(1500);
    expect(messagesTo(chatId)).toHaveLength(1);
    expect(messagesTo(chatId)[0]!.text).toContain(LINK);
    expect(await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } })).toMatchObject({
      status: "sent",
      attempts: 1,
    });
  });

  it("sends a message committed while no worker ran, once, after the worker restarts", async () => {
    const { chatId, report } = await coursePurchase();
    await applyProviderReport(report, { source: "webhook" }); // committed; the "crash": nobody sends
    await sleep(1000);
    expect(messagesTo(chatId)).toHaveLength(0);

    await startWorker();
    await until(() => messagesTo(chatId).length === 1);
    await workers!.stop();
    await startWorker(); // another restart must not send it again
    await sleep(1500);
    expect(messagesTo(chatId)).toHaveLength(1);
  });

  it("sends nothing when the transaction that queued it rolls back", async () => {
    const user = await customer();
    await expect(
      db.$transaction(async (tx) => {
        await queueTelegramNotification(tx, {
          dedupeKey: `rollback:${user.id}`,
          chatId: "4242",
          kind: "plan_activated",
          params: { plan: "Basic", until: null, startsOn: null },
          userId: user.id,
        });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await db.notification.count({ where: { dedupeKey: `rollback:${user.id}` } })).toBe(0);
    const [jobs] = await db.$queryRaw<
      { count: bigint }[]
    >`SELECT count(*) FROM pgboss.job WHERE data->>'notificationId' IS NOT NULL AND state = 'created' AND created_on > now() - interval '1 minute' AND NOT EXISTS (SELECT 1 FROM "Notification" n WHERE n.id = data->>'notificationId')`;
    expect(Number(jobs!.count)).toBe(0);
  });

  it("waits as long as Telegram asks after a 429, then sends once", async () => {
    const { chatId, payment, report } = await coursePurchase();
    telegram.failNext({ status: 429, retryAfter: 1 }, { chatId });
    await applyProviderReport(report, { source: "webhook" });
    await startWorker();

    await until(() => messagesTo(chatId).length === 1, 15_000);
    // The worker records the attempt and then the status after Telegram's answer: wait for both.
    await until(
      async () =>
        (await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } })).status === "sent",
    );
    const notification = await db.notification.findFirstOrThrow({
      where: { paymentId: payment.id },
      include: { history: { orderBy: { at: "asc" } } },
    });
    expect(notification.history.map((a) => [a.ok, a.httpStatus, a.retryAfterSeconds])).toEqual([
      [false, 429, 1],
      [true, 200, null],
    ]);
    const gap = notification.history[1]!.at.getTime() - notification.history[0]!.at.getTime();
    expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it("gives up at once when the user blocked the bot (403), without a retry storm", async () => {
    const { chatId, payment, report } = await coursePurchase();
    telegram.block(chatId);
    await applyProviderReport(report, { source: "webhook" });
    await startWorker();

    await until(
      async () =>
        (await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } })).status === "failed",
    );
    await sleep(2000);
    expect(telegram.calls.filter((c) => c.chatId === chatId)).toHaveLength(1);
    const notification = await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } });
    expect(notification.lastError).toMatch(/blocked/);
    expect(messagesTo(chatId)).toHaveLength(0);
  });

  it("notifies a customer's linked chat when their plan is activated", async () => {
    const user = await customer();
    await db.user.update({ where: { id: user.id }, data: { telegramChatId: "777000", locale: "en" } });
    await paidBasicPlan(user.id);
    await startWorker();
    await until(() => messagesTo("777000").length === 1);
    expect(messagesTo("777000")[0]!.text).toMatch(/your Basic plan is active until/);
  });

  it("two deliveries of one notification at the same moment send it once", async () => {
    const { chatId, payment, report } = await coursePurchase();
    await applyProviderReport(report, { source: "webhook" });
    const { id } = await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } });

    // A pg-boss retry racing a rescheduled job, or two workers: the row lock makes them single-file.
    const results = await Promise.all([deliverNotification(id), deliverNotification(id)]);
    expect(results.sort()).toEqual(["sent", "skipped"]);
    expect(messagesTo(chatId)).toHaveLength(1);
    expect(await db.notificationAttempt.count({ where: { notificationId: id } })).toBe(1);
  });

  it("retries a network error, and on the queue's last try records it failed instead of queued forever", async () => {
    const { chatId, payment, report } = await coursePurchase();
    await applyProviderReport(report, { source: "webhook" });
    const { id } = await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } });
    const apiBase = process.env.TELEGRAM_API_BASE;
    process.env.TELEGRAM_API_BASE = `http://127.0.0.1:${await closedPort()}`;
    try {
      await expect(deliverNotification(id)).rejects.toBeInstanceOf(TemporaryDeliveryError);
      expect(await db.notification.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "queued",
        attempts: 1,
      });
      expect(await deliverNotification(id, { lastTry: true })).toBe("failed");
    } finally {
      process.env.TELEGRAM_API_BASE = apiBase;
    }
    const notification = await db.notification.findUniqueOrThrow({
      where: { id },
      include: { history: true },
    });
    expect(notification).toMatchObject({ status: "failed", attempts: 2 });
    expect(notification.history.map((a) => a.ok)).toEqual([false, false]);
    expect(messagesTo(chatId)).toHaveLength(0);
  });

  it("does not send the invite of a purchase refunded before the message went out", async () => {
    const { chatId, payment, report } = await coursePurchase();
    await applyProviderReport(report, { source: "webhook" });
    await applyProviderReport(
      { ...report, status: "refunded", providerStatus: "charge.refunded" },
      { source: "webhook" },
    );
    expect((await db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("refunded");

    await startWorker();
    await until(
      async () =>
        (await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } })).status === "failed",
    );
    expect(messagesTo(chatId)).toHaveLength(0);
    expect((await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } })).lastError).toMatch(
      /refunded/,
    );
  });
});

describe("in the recipient's language", () => {
  /** A customer with a linked chat and a saved language (or none). */
  async function reader(locale: "ru" | "en" | null) {
    const user = await customer(`reader-${locale ?? "none"}`);
    const chatId = String(++chatCounter);
    await db.user.update({ where: { id: user.id }, data: { telegramChatId: chatId, locale } });
    return { user, chatId };
  }
  /** Queues a top-up message for the customer, as the apply path would, and returns its id. */
  async function queueTopUpMessage(userId: string, chatId: string) {
    const request: NotificationRequest = {
      dedupeKey: `test:${userId}:topup`,
      chatId,
      userId,
      kind: "topup_credited",
      params: { amount: 10_000, balance: 25_000, currency: "RUB" },
    };
    await db.$transaction((tx) => queueTelegramNotification(tx, request));
    return (await db.notification.findUniqueOrThrow({ where: { dedupeKey: request.dedupeKey } })).id;
  }

  it("words the webhook's message in Russian for a Russian customer and in English for an English one", async () => {
    const ru = await reader("ru");
    const en = await reader("en");
    await paidBasicPlan(ru.user.id);
    await paidBasicPlan(en.user.id);
    // What the apply path's one statement stored: the kind and its values, no words.
    const stored = await db.notification.findFirstOrThrow({ where: { userId: ru.user.id } });
    expect(stored).toMatchObject({
      kind: "plan_activated",
      text: null,
      params: { plan: "Basic", startsOn: null },
    });

    await startWorker();
    await until(() => messagesTo(ru.chatId).length === 1 && messagesTo(en.chatId).length === 1);
    const end = (await db.subscription.findUniqueOrThrow({ where: { userId: ru.user.id } }))
      .currentPeriodEnd!;
    expect(messagesTo(ru.chatId)[0]!.text).toBe(
      `Оплата получена: тариф «Basic» действует до ${formatDate(end, "ru")}.`,
    );
    const enEnd = (await db.subscription.findUniqueOrThrow({ where: { userId: en.user.id } }))
      .currentPeriodEnd!;
    expect(messagesTo(en.chatId)[0]!.text).toBe(
      `Payment received: your Basic plan is active until ${formatDate(enEnd, "en")}.`,
    );
  });

  it("uses DEFAULT_LOCALE for a customer who has chosen no language", async () => {
    const { user, chatId } = await reader(null);
    const id = await queueTopUpMessage(user.id, chatId);
    vi.stubEnv("DEFAULT_LOCALE", "en");
    try {
      expect(await deliverNotification(id)).toBe("sent");
    } finally {
      vi.unstubAllEnvs();
    }
    expect(messagesTo(chatId).map((m) => m.text)).toEqual([
      `+${formatMoney(10_000, "RUB", "en")}, balance ${formatMoney(25_000, "RUB", "en")}.`,
    ]);

    const other = await reader(null);
    const next = await queueTopUpMessage(other.user.id, other.chatId);
    vi.stubEnv("DEFAULT_LOCALE", "ru");
    try {
      expect(await deliverNotification(next)).toBe("sent");
    } finally {
      vi.unstubAllEnvs();
    }
    expect(messagesTo(other.chatId)[0]!.text).toBe(
      `+${formatMoney(10_000, "RUB", "ru")}, на балансе ${formatMoney(25_000, "RUB", "ru")}.`,
    );
  });

  it("is worded when it is sent: a customer who switched language after it was queued reads the new one", async () => {
    const { user, chatId } = await reader("en");
    const id = await queueTopUpMessage(user.id, chatId);
    await db.user.update({ where: { id: user.id }, data: { locale: "ru" } });

    await startWorker();
    await until(() => messagesTo(chatId).length === 1);
    expect(messagesTo(chatId)[0]!.text).toBe(
      `+${formatMoney(10_000, "RUB", "ru")}, на балансе ${formatMoney(25_000, "RUB", "ru")}.`,
    );
    // Recorded in the transaction that sent it, which commits just after Telegram answered.
    await until(async () => (await db.notification.findUniqueOrThrow({ where: { id } })).status === "sent");
  });

  it("words a bot buyer's invite in the language of the account that linked the chat, else DEFAULT_LOCALE", async () => {
    const first = await coursePurchase(); // the chat has no account: DEFAULT_LOCALE
    await applyProviderReport(first.report, { source: "webhook" });
    const second = await coursePurchase();
    const owner = await customer("chat-owner");
    await db.user.update({ where: { id: owner.id }, data: { telegramChatId: second.chatId, locale: "en" } });
    await applyProviderReport(second.report, { source: "webhook" });

    vi.stubEnv("DEFAULT_LOCALE", "ru");
    try {
      for (const { payment } of [first, second]) {
        const { id } = await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } });
        expect(await deliverNotification(id)).toBe("sent");
      }
    } finally {
      vi.unstubAllEnvs();
    }
    expect(messagesTo(first.chatId)[0]!.text).toBe(
      `Спасибо за покупку! Вот ваша личная ссылка-приглашение: ${LINK}\nОна только для вас, пожалуйста, никому её не передавайте.`,
    );
    expect(messagesTo(second.chatId)[0]!.text).toBe(
      `Thank you for your purchase! Here is your private invite link: ${LINK}\nIt is for you alone; please don't share it.`,
    );
  });

  it("sends a product's own delivery message as the seller wrote it, with the link filled in", async () => {
    const product = await db.product.update({
      where: { slug: "telegram-course" },
      data: { deliveryMessage: "Welcome aboard! Join here: {link}" },
    });
    try {
      const { chatId, payment, report } = await coursePurchase();
      await applyProviderReport(report, { source: "webhook" });
      const { id } = await db.notification.findFirstOrThrow({ where: { paymentId: payment.id } });
      expect(await deliverNotification(id)).toBe("sent");
      expect(messagesTo(chatId).map((m) => m.text)).toEqual([`Welcome aboard! Join here: ${LINK}`]);
    } finally {
      await db.product.update({ where: { id: product.id }, data: { deliveryMessage: null } });
    }
  });

  it("sends a message queued before notifications carried params with its stored text", async () => {
    const { user, chatId } = await reader("ru");
    // As the migration leaves a row queued before it: text, and the column default for params.
    const legacy = await db.notification.create({
      data: {
        dedupeKey: `legacy:${user.id}`,
        chatId,
        kind: "plan_activated",
        text: "Payment received.",
        userId: user.id,
      },
    });
    expect(legacy.params).toEqual({});
    expect(await deliverNotification(legacy.id)).toBe("sent");
    expect(messagesTo(chatId).map((m) => m.text)).toEqual(["Payment received."]);
  });

  it("fails at once, sending nothing, a notification that cannot be worded", async () => {
    const { user, chatId } = await reader("en");
    const broken = await db.notification.create({
      data: {
        dedupeKey: `broken:${user.id}`,
        chatId,
        kind: "topup_credited",
        params: { amount: "lots" },
        userId: user.id,
      },
    });
    expect(await deliverNotification(broken.id)).toBe("failed");
    expect(await db.notification.findUniqueOrThrow({ where: { id: broken.id } })).toMatchObject({
      status: "failed",
      lastError: expect.stringMatching(/not sent: .*params/) as unknown,
    });
    expect(telegram.calls.filter((c) => c.chatId === chatId)).toHaveLength(0);
  });
});

/** The customer's Basic plan, paid through CryptoCloud and applied as its webhook would be. */
async function paidBasicPlan(userId: string) {
  const plan = await db.plan.findUniqueOrThrow({ where: { slug: "basic" } });
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId,
      purpose: "subscription",
      provider: "cryptocloud",
      amount: 19_900,
      currency: "USD",
      planId: plan.id,
      months: 1,
    }),
  );
  const providerRef = `INV-${payment.id.slice(-8)}`;
  await db.payment.update({ where: { id: payment.id }, data: { providerRef } });
  await applyProviderReport(
    {
      provider: "cryptocloud",
      providerRef,
      status: "completed",
      providerStatus: "paid",
      currency: "USD",
      amountReceived: 19_900,
    },
    { source: "webhook" },
  );
  return payment;
}

/** A loopback port nothing listens on: connecting to it is a real network error. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

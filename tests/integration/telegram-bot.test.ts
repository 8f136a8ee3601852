import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adjustWallet, applyLedgerChange, balanceOf } from "@/lib/billing/wallet/ledger";
import { seedOperationTypes } from "@/lib/billing/wallet/operation-types";
import { db } from "@/lib/db";
import { deliverNotification } from "@/lib/jobs/telegram";
import { issueLinkToken, LINK_TOKEN_TTL_MS, redeemLinkToken } from "@/lib/telegram/link-tokens";
import { customer } from "./helpers";
import { withTelegramBot, type TestChat } from "./telegram-bot-harness";
import { drainWebhookQueue } from "./webhook-queue";
import { withYooKassaEmulator } from "./yookassa-context";

// The bot end to end, as `npm run bot` runs it (long polling): the emulator plays the users over
// HTTP, the real bot code answers, and what it does lands in the real database — customers and
// wallets through lib/billing, top-ups at the YooKassa emulator, conversations in BotSession.

const yk = withYooKassaEmulator();
const bot = withTelegramBot("polling");

beforeAll(async () => {
  await seedOperationTypes();
  // /buy hands out the course's link when card payments are configured (nothing calls Stripe).
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_bot_tests",
    STRIPE_WEBHOOK_SECRET: "whsec_bot_tests",
  });
});
afterAll(() => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

const customerOf = (chat: TestChat) =>
  db.user.findFirstOrThrow({ where: { telegramChatId: chat.id }, include: { wallets: true } });
const texts = (messages: { text: string }[]) => messages.map((m) => m.text);

describe("/start", () => {
  it("creates the chat's customer with 4 free operations, greets in English and shows the main menu", async () => {
    const chat = bot.chat("en-GB");
    const replies = await chat.send("/start");
    expect(texts(replies)).toEqual([
      expect.stringContaining("Welcome!") as unknown,
      "What would you like to do?",
    ]);
    expect(replies[0]!.text).toContain("You have 4 free operations to try /generate.");
    expect(replies[1]!.buttons?.flat().map((b) => b.text)).toEqual([
      "💰 Balance",
      "➕ Top up",
      "🎓 The course",
      "📋 My plan",
      "🌐 Language",
      "❓ Help",
    ]);
    const customer = await customerOf(chat);
    expect(customer).toMatchObject({ email: null, locale: null });
    expect(customer.wallets).toMatchObject([{ currency: "RUB", balance: 0, freeOperationsLeft: 4 }]);
  });

  it("speaks Russian to a Telegram app in Russian, with Russian plurals", async () => {
    const chat = bot.chat("ru");
    const [greeting, menu] = await chat.send("/start");
    expect(greeting!.text).toContain("Добро пожаловать!");
    expect(greeting!.text).toContain("У вас 4 бесплатные операции, чтобы попробовать /generate.");
    expect(menu!.text).toBe("Что хотите сделать?");
  });
});

describe("/start <token>: linking a chat to a dashboard account", () => {
  const linkedChatOf = async (userId: string) =>
    (await db.user.findUniqueOrThrow({ where: { id: userId } })).telegramChatId;

  it("links the chat that sends a fresh token, once; the token does not link a second chat", async () => {
    const account = await customer("tg-link");
    const token = await issueLinkToken(account.id);
    const chat = bot.chat();
    expect(texts(await chat.send(`/start ${token}`))).toEqual([
      `Done: this chat now gets the messages of your account ${account.email} (payments, plan changes, purchases).`,
    ]);
    expect(await linkedChatOf(account.id)).toBe(chat.id);
    // Only its hash was stored.
    expect(await db.telegramLinkToken.count({ where: { tokenHash: token } })).toBe(0);

    const other = bot.chat();
    expect(texts(await other.send(`/start ${token}`))).toEqual([
      "This link has been used already. Press “Connect Telegram” on the site for a new one.",
    ]);
    expect(await linkedChatOf(account.id)).toBe(chat.id);
  });

  it("links exactly once when two chats send the same token at the same moment", async () => {
    const account = await customer("tg-race");
    const token = await issueLinkToken(account.id);
    const [first, second] = [bot.chat(), bot.chat()];
    const results = await Promise.all([redeemLinkToken(token, first.id), redeemLinkToken(token, second.id)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "used" }]);
    expect([first.id, second.id]).toContain(await linkedChatOf(account.id));
  });

  it("refuses an expired token and an unknown one, and links nothing", async () => {
    const account = await customer("tg-expired");
    const token = await issueLinkToken(account.id, new Date(Date.now() - LINK_TOKEN_TTL_MS - 1000));
    const chat = bot.chat("ru");
    expect(texts(await chat.send(`/start ${token}`))).toEqual([
      "Срок действия ссылки истёк (она действует 15 минут). Нажмите «Подключить Telegram» на сайте ещё раз.",
    ]);
    expect(texts(await chat.send("/start abc123"))).toEqual([
      "Эта ссылка недействительна. Создайте новую на сайте и откройте её снова.",
    ]);
    expect(await linkedChatOf(account.id)).toBeNull();
    expect(await db.user.count({ where: { telegramChatId: chat.id } })).toBe(0);
  });

  it("brings the chat's own balance to the account it links, once", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    const own = await customerOf(chat);
    await db.$transaction((tx) =>
      applyLedgerChange(tx, {
        userId: own.id,
        currency: "RUB",
        kind: "topup",
        amount: 30_000,
        sourceKey: `test-topup:${own.id}`,
        description: "Top-up",
      }),
    );
    const account = await customer("tg-balance");
    await chat.send(`/start ${await issueLinkToken(account.id)}`);
    expect(await balanceOf(account.id)).toBe(30_000);
    expect(await balanceOf(own.id)).toBe(0);
    const [balance] = await chat.send("/balance");
    expect(balance!.text).toContain("Balance: ₽300.00");
  });

  it("moves a chat to the account that proves it, away from one that named it before", async () => {
    const [before, after] = [await customer("tg-before"), await customer("tg-after")];
    const chat = bot.chat();
    await db.user.update({ where: { id: before.id }, data: { telegramChatId: chat.id } });
    await chat.send(`/start ${await issueLinkToken(after.id)}`);
    expect(await linkedChatOf(after.id)).toBe(chat.id);
    expect(await linkedChatOf(before.id)).toBeNull();
  });
});

describe("balance and top-ups", () => {
  it("/balance shows the balance and the free operations left, with a Top up button", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    const [balance] = await chat.send("/balance");
    expect(balance!.text).toBe("Balance: ₽0.00\nFree operations left: 4 of 4");
    const [choice] = await chat.press("➕ Top up", balance!.messageId);
    expect(choice!.text).toBe("How much would you like to add to your balance?");
    expect(choice!.buttons?.map((row) => row.map((b) => b.text))).toEqual([
      ["100 ₽", "300 ₽"],
      ["500 ₽", "1,000 ₽"],
      ["Another amount"],
    ]);
  });

  it("a preset amount gives a YooKassa payment link; once paid, the chat is told once by the job queue", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    await chat.press("➕ Top up");
    const [link] = await chat.press("300 ₽");
    expect(link!.text).toBe(
      "Top-up of ₽300.00: pay through YooKassa with the button below. I'll write here as soon as the money is on your balance.",
    );
    const url = chat.linkOf(link!, /^Pay ₽300\.00$/);
    expect(url.startsWith(`${yk.emulator().url}/checkout/`)).toBe(true);

    const customer = await customerOf(chat);
    const payment = await db.payment.findFirstOrThrow({ where: { userId: customer.id, purpose: "topup" } });
    expect(payment).toMatchObject({
      provider: "yookassa",
      amount: 30_000,
      currency: "RUB",
      status: "pending",
    });
    // The same amount again finds the open payment instead of opening another.
    await chat.press("300 ₽");
    expect(await db.payment.count({ where: { userId: customer.id } })).toBe(1);

    await yk.emulator().pay(payment.providerRef!);
    await drainWebhookQueue();
    await yk.emulator().notify(payment.providerRef!); // a second notification changes nothing
    await drainWebhookQueue();
    expect(await balanceOf(customer.id)).toBe(30_000);
    const notifications = await db.notification.findMany({ where: { chatId: chat.id } });
    expect(notifications).toMatchObject([{ kind: "topup_credited", userId: customer.id, status: "queued" }]);

    const before = chat.messages().length;
    expect(await deliverNotification(notifications[0]!.id)).toBe("sent");
    expect(await deliverNotification(notifications[0]!.id)).toBe("skipped");
    const told = chat.messages().slice(before);
    expect(told).toHaveLength(1);
    // In the language the bot speaks with this chat (its Telegram app's: English), though the
    // customer chose none.
    expect(told[0]!.text).toBe("+₽300.00, balance ₽300.00.");
  });

  it("another amount: asks again on 9, 10.5 and abc, then gives the link for 10", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    await chat.press("➕ Top up");
    const ask = "How many roubles? Send a whole number from 10 to 100,000.";
    const again =
      "I can't take that amount. Send a whole number of roubles from 10 to 100,000, or press Cancel.";
    expect(texts(await chat.press("Another amount"))).toEqual([ask]);
    expect(await db.botSession.count({ where: { key: { contains: chat.id } } })).toBe(1);
    for (const answer of ["9", "10.5", "abc"]) expect(texts(await chat.send(answer))).toEqual([again]);
    expect(chat.last().buttons).toEqual([[{ text: "Cancel", callbackData: "topup:cancel" }]]);

    const [link] = await chat.send("10");
    expect(link!.text).toContain("Top-up of ₽10.00");
    expect(chat.linkOf(link!, /^Pay ₽10\.00$/)).toContain("/checkout/");
    const customer = await customerOf(chat);
    expect(await db.payment.findFirst({ where: { userId: customer.id } })).toMatchObject({ amount: 1_000 });
    // The conversation is over: its state is gone, and a number is just a message again.
    expect(await db.botSession.count({ where: { key: { contains: chat.id } } })).toBe(0);
    expect(texts(await chat.send("10"))).toEqual(["I answer commands and buttons. /help lists them."]);
  });

  it("another amount: Cancel leaves, and a command in the middle is handled as a command", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    await chat.send("/topup");
    await chat.press("Another amount");
    expect(texts(await chat.press("Cancel"))).toEqual(["Top-up cancelled."]);
    expect(texts(await chat.send("25"))).toEqual(["I answer commands and buttons. /help lists them."]);
    // A stale Cancel is answered, not ignored.
    await chat.press("Cancel");
    expect(bot.tg().callbackAnswers.at(-1)).toMatchObject({ chatId: chat.id, text: "Nothing to cancel." });

    await chat.send("/topup");
    await chat.press("Another amount");
    const [balance] = await chat.send("/balance");
    expect(balance!.text).toContain("Balance:");
    expect(texts(await chat.send("50"))).toEqual(["I answer commands and buttons. /help lists them."]);
    expect(await db.payment.count({ where: { user: { telegramChatId: chat.id } } })).toBe(0);
  });
});

describe("the paid command", () => {
  it("is free four times, then costs 10 ₽, says 'not enough balance' at 0, and refunds a failure", async () => {
    const chat = bot.chat();
    await chat.send("/start");
    for (let used = 1; used <= 4; used++) {
      const [result] = await chat.send(`/generate cat ${used}`);
      expect(result!.text).toBe(
        `Done (demo): “cat ${used}” → “${used} tac”\nThis one was free: ${4 - used} of 4 free operations left.`,
      );
    }
    const [broke] = await chat.send("/generate one more");
    expect(broke!.text).toBe("Not enough balance: this costs ₽10.00, and you have ₽0.00.");
    expect(broke!.buttons?.flat().map((b) => b.text)).toEqual(["➕ Top up"]);

    const customer = await customerOf(chat);
    await adjustWallet({ userId: customer.id, amount: 2_500, reason: "test", actorId: customer.id });
    const [paid] = await chat.send("/generate dog");
    expect(paid!.text).toBe("Done (demo): “dog” → “god”\nCharged ₽10.00. Balance: ₽15.00.");

    const [failed] = await chat.send("/generate please fail");
    expect(failed!.text).toBe(
      "The operation failed, so it cost you nothing: ₽10.00 is back on your balance.",
    );
    expect(await balanceOf(customer.id)).toBe(1_500);
    const operations = await db.operation.findMany({
      where: { userId: customer.id },
      orderBy: { createdAt: "asc" },
    });
    expect(operations.map((o) => [o.funding, o.status, o.price])).toEqual([
      ...Array.from({ length: 4 }, () => ["free_credit", "completed", 0]),
      ["balance", "completed", 1_000],
      ["balance", "refunded", 1_000],
    ]);
  });

  it("gives a free operation back when it fails, and asks for the text when there is none", async () => {
    const chat = bot.chat("ru");
    await chat.send("/start");
    expect(texts(await chat.send("/generate"))).toEqual([
      "Отправьте текст вместе с командой, например: /generate кот в скафандре",
    ]);
    expect(texts(await chat.send("/generate fail"))).toEqual([
      "Операция не удалась, поэтому ничего не стоила: бесплатная операция возвращена.",
    ]);
    expect((await customerOf(chat)).wallets[0]?.freeOperationsLeft).toBe(4);
  });
});

describe("language, help and the rest", () => {
  it("/language saves the choice, which then wins over the Telegram app's language", async () => {
    const chat = bot.chat("en");
    await chat.send("/start");
    const [choice] = await chat.send("/language");
    expect(choice!.buttons?.flat().map((b) => b.text)).toEqual(["Русский", "English"]);
    await chat.press("Русский");
    expect(chat.last()).toMatchObject({
      text: "Готово: буду говорить с вами по-русски.",
      messageId: choice!.messageId,
    });
    expect(chat.last().buttons).toBeUndefined();
    expect((await customerOf(chat)).locale).toBe("ru");
    const [balance] = await chat.send("/balance", { languageCode: "en" });
    expect(balance!.text).toBe("Баланс: 0,00\u00a0₽\nБесплатных операций осталось: 4 из 4");
  });

  it("redraws a menu drawn in another language instead of acting on it", async () => {
    const chat = bot.chat("en");
    const [, menu] = await chat.send("/start");
    await chat.send("/language");
    await chat.press("Русский");
    expect(await chat.press("❓ Help", menu!.messageId)).toEqual([]);
    expect(bot.tg().callbackAnswers.at(-1)).toMatchObject({ text: "Это меню устарело. Вот актуальное." });
    expect(chat.messages().find((m) => m.messageId === menu!.messageId)?.buttons?.[2]).toEqual([
      expect.objectContaining({ text: "🌐 Язык" }),
      expect.objectContaining({ text: "❓ Помощь" }),
    ]);
  });

  it("/help lists the commands; an unknown command or text gets a clear answer", async () => {
    const chat = bot.chat();
    const [help] = await chat.send("/help");
    expect(help!.text).toContain(
      "/generate text — a paid demo operation (4 free first, then from the balance)",
    );
    expect(texts(await chat.send("/frobnicate"))).toEqual([
      "I don't know /frobnicate. /help lists what I can do.",
    ]);
    expect(texts(await chat.send("hello?"))).toEqual(["I answer commands and buttons. /help lists them."]);
  });

  it("/buy hands out the course's signed purchase link", async () => {
    const chat = bot.chat();
    const [offer] = await chat.send("/buy");
    expect(offer!.text).toBe(
      "Course: the paid Telegram channel: lifetime access to the course's private channel for $49.00. Pay by card; the invite link comes here right after the payment.",
    );
    const url = new URL(chat.linkOf(offer!, /^Buy for \$49\.00$/));
    expect(url.pathname).toBe("/pay/telegram-course");
    expect(url.searchParams.get("tg_id")).toBe(chat.id);
    expect(url.searchParams.get("sig")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("/plans and /subscription show the plan, its quota and a link to upgrade", async () => {
    const chat = bot.chat();
    for (const command of ["/plans", "/subscription"]) {
      const [plan] = await chat.send(command);
      expect(plan!.text).toBe(
        "Your plan: Free. It has no end date.\nRequests this month: 0 of 100.\nPlans are chosen and paid for on the site.",
      );
      expect(chat.linkOf(plan!, /^Upgrade the plan$/)).toMatch(/\/dashboard\/plans$/);
    }
  });
});

describe("sending", () => {
  it("waits as long as Telegram's 429 retry_after says, then sends", async () => {
    const chat = bot.chat();
    bot.tg().failNext({ status: 429, retryAfter: 1 }, { chatId: chat.id });
    const started = Date.now();
    const [help] = await chat.send("/help");
    expect(help!.text).toContain("Here is what I can do");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const calls = bot.tg().calls.filter((call) => call.chatId === chat.id);
    expect(calls.map((call) => [call.method, call.status])).toEqual([
      ["sendMessage", 429],
      ["sendMessage", 200],
    ]);
  });

  it("limits each user: a burst beyond 10 updates gets one 'too many' answer, the rest is dropped", async () => {
    const chat = bot.chat();
    await Promise.all(
      Array.from({ length: 14 }, (_, i) => bot.tg().send(chat.id, `spam ${i}`, { languageCode: "en" })),
    );
    const answers = texts(chat.messages());
    expect(answers.filter((text) => text.startsWith("I answer commands"))).toHaveLength(10);
    expect(answers.filter((text) => text.startsWith("Too many messages"))).toHaveLength(1);
  });
});

import { expect, test } from "./support/csp";
import { register, uniqueEmail } from "./helpers";
import { INVITE_LINK, botLink, sandboxUrls, uniqueChatId } from "./sandbox";

// One-time products through Stripe Checkout (the Stripe emulator's hosted page, its signed events
// to our webhook) and the invite delivered by the job queue to the Telegram emulator.

test("a bot user pays for the course and gets the invite in Telegram", async ({ page }) => {
  const chatId = uniqueChatId();
  await page.goto(botLink("telegram-course", chatId));
  await expect(page.getByRole("heading", { name: "Course: the paid Telegram channel" })).toBeVisible();
  await expect(page.getByTestId("product-price")).toHaveText("$49.00");
  await page.getByRole("button", { name: "Pay $49.00" }).click();

  await expect(page).toHaveURL(/\/c\/pay\/cs_/); // the Stripe emulator's checkout page
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  await expect(page).toHaveURL(/\/pay\/telegram-course\/done\?order_id=ord_\w+&key=[\w-]+&session_id=cs_/);
  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await expect(page.getByTestId("invite-link")).toHaveText(INVITE_LINK);

  const chat = `${sandboxUrls().telegram}/_emulator/chats/${chatId}`;
  await expect(async () => {
    await page.goto(chat);
    await expect(page.locator("li.message")).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator("li.message")).toContainText(INVITE_LINK);
});

test("a bot link with a bad or missing signature gets a 400 page and no checkout", async ({ page }) => {
  const chatId = uniqueChatId();
  const forged = botLink("telegram-course", chatId, "not-the-bot-secret");
  for (const url of [
    forged,
    `/pay/telegram-course?tg_id=${chatId}`,
    `/pay/telegram-course?sig=${"a".repeat(64)}`,
  ]) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "This payment link is not valid" })).toBeVisible();
    await expect(page.getByRole("button", { name: /Pay/ })).toHaveCount(0);
  }
  await expect(page.getByTestId("link-problem")).toContainText(
    "needs both the Telegram chat id and its signature",
  );
});

test("a signed-in customer buys the course and sees the link on the success screen", async ({ page }) => {
  await page.goto("/pay/telegram-course");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fpay%2Ftelegram-course/);
  await register(page, uniqueEmail("course"));
  await page.goto("/pay/telegram-course");
  await page.getByRole("button", { name: "Pay $49.00" }).click();
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await expect(page.getByTestId("invite-link")).toHaveText(INVITE_LINK);

  await page.goto("/pay/telegram-course");
  await expect(page.getByText("You already have this.")).toBeVisible();
  await page.goto("/dashboard/payments");
  await expect(page.getByTestId("payment-row").first()).toContainText("Course: the paid Telegram channel");
});

test("a customer connects Telegram by the button, pays a plan by card, and is told in Telegram", async ({
  page,
}) => {
  const chatId = uniqueChatId();
  const email = uniqueEmail("card");
  await register(page, email);
  await page.getByRole("link", { name: "Link a chat" }).click();
  await page.getByRole("button", { name: "Connect Telegram" }).click();

  // t.me/<bot>?start=<token>, played by the Telegram emulator: the person opens the bot as a user,
  // Telegram sends "/start <token>" from that chat, and the bot links it.
  await expect(page).toHaveURL(/\/emulated_bot\?start=[\w-]{32}$/);
  await page.getByLabel("Open the bot as user").fill(chatId);
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page).toHaveURL(new RegExp(`/_emulator/chats/${chatId}$`));
  // Neither the Telegram user nor the account chose a language: the bot speaks DEFAULT_LOCALE (ru).
  await expect(
    page.getByText(`Готово: теперь в этот чат приходят сообщения аккаунта ${email}`),
  ).toBeVisible();

  await page.goto("/dashboard/telegram");
  await expect(page.getByTestId("telegram-chat")).toHaveText(
    `Payment notifications go to Telegram chat ${chatId}.`,
  );

  await page.goto("/dashboard/plans");
  const basic = page.getByRole("article", { name: "Basic plan" });
  await page.getByLabel("Pay with").selectOption({ label: "Card (Stripe)" });
  await basic.getByRole("button", { name: "Upgrade to Basic" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
  await page.getByRole("button", { name: "Pay", exact: true }).click();

  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_\w+&session_id=cs_/);
  await expect(page.getByTestId("payment-state")).toHaveText(/Basic active until/);

  const planMessage = page.locator("li.message", { hasText: "your Basic plan is active" });
  await expect(async () => {
    await page.goto(`${sandboxUrls().telegram}/_emulator/chats/${chatId}`);
    await expect(planMessage).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
});

test("leaving Stripe Checkout returns to a page that says nothing was charged", async ({ page }) => {
  await page.goto(botLink("telegram-course", uniqueChatId()));
  await page.getByRole("button", { name: "Pay $49.00" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Payment not completed" })).toBeVisible();
  await expect(page.getByText("You left the checkout before paying. Nothing was charged.")).toBeVisible();
  await page.getByRole("link", { name: "Return to the checkout" }).click();
  await expect(page).toHaveURL(/\/c\/pay\/cs_/);
});

test("a customer links the chat of the bot's signed link, and a forged one is refused", async ({ page }) => {
  const chatId = uniqueChatId();
  await register(page, uniqueEmail("botlink"));
  const signed = botLink("telegram-course", chatId).replace("/pay/telegram-course", "/dashboard/telegram");

  await page.goto(
    botLink("telegram-course", chatId, "not-the-bot-secret").replace(
      "/pay/telegram-course",
      "/dashboard/telegram",
    ),
  );
  await expect(page.getByText("This link's signature does not match.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Link this chat" })).toHaveCount(0);

  await page.goto(signed);
  await expect(page.getByText(`The bot sent you here to link chat ${chatId}.`)).toBeVisible();
  await page.getByRole("button", { name: "Link this chat" }).click();
  await expect(page.getByText(`Chat ${chatId} will get your payment notifications.`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("telegram-chat")).toHaveText(
    `Payment notifications go to Telegram chat ${chatId}.`,
  );
});

import { expect, test } from "./support/csp";
import { sandboxUrls, uniqueChatId } from "./sandbox";

// The Telegram bot as a person uses it: in the Telegram emulator's chat page (the launcher runs
// the bot against the emulator on the embedded demo), a top-up from the menu, paid on the
// YooKassa emulator's page, reported back in the chat by the notification worker.

test("a person taps Top up → 300 ₽, pays on YooKassa, and the bot reports the new balance", async ({
  page,
}) => {
  const chatId = uniqueChatId();
  const chat = `${sandboxUrls().telegram}/_emulator/chats/${chatId}`;
  await page.goto(chat);
  await page.getByLabel("The user's Telegram language").selectOption("en");
  await page.getByLabel("Message").fill("/start");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("What would you like to do?")).toBeVisible();

  await page.getByRole("button", { name: "➕ Top up" }).click();
  await expect(page.getByText("How much would you like to add to your balance?")).toBeVisible();
  await page.getByRole("button", { name: "300 ₽", exact: true }).click();
  await expect(page.getByText(/Top-up of ₽300\.00: pay through YooKassa/)).toBeVisible();

  await page.getByRole("link", { name: /Pay ₽300\.00/ }).click();
  await page.getByRole("button", { name: "Pay", exact: true }).click(); // YooKassa's confirmation page

  const told = page.locator("li.message", { hasText: "+₽300.00, balance ₽300.00." });
  await expect(async () => {
    await page.goto(chat);
    await expect(told).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
});

import { createHmac } from "node:crypto";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { DEMO_ADMIN, register, signIn, uniqueEmail } from "./helpers";
import { LINK_SECRET, uniqueChatId } from "./sandbox";

// The prepaid wallet in a real browser, against the YooKassa emulator the launcher started:
// top-ups with the preset buttons and the custom amount, a decline with its reason, a plan paid
// in roubles, a bot user's top-up link, and an admin's partial refund seen in both ledgers.

async function topUp(page: Page, rubles: 100 | 300 | 500 | 1000) {
  await page.goto("/dashboard/balance");
  await page.getByRole("button", { name: `+${rubles} ₽` }).click();
  await expect(page.getByRole("button", { name: "Pay" })).toBeVisible(); // YooKassa's confirmation page
}

test("a customer tops up 300 ₽ and sees the balance and the ledger line", async ({ page }) => {
  await register(page, uniqueEmail("wallet"));
  await expect(page.getByTestId("dashboard-balance")).toHaveText("₽0.00");
  await topUp(page, 300);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  await expect(page.getByTestId("topup-outcome")).toHaveText("+₽300.00, balance ₽300.00");

  await page.goto("/dashboard/balance");
  await expect(page.getByTestId("balance")).toHaveText("₽300.00");
  const line = page.getByTestId("ledger-row").first();
  await expect(line).toContainText("Top-up");
  await expect(line).toContainText("+₽300.00");
  await page.goto("/dashboard");
  await expect(page.getByTestId("dashboard-balance")).toHaveText("₽300.00");
});

test("custom amounts out of bounds are field errors, and no payment is made", async ({ page }) => {
  await register(page, uniqueEmail("wallet-bounds"));
  await page.goto("/dashboard/balance");
  const form = page.getByRole("form", { name: "Top up" });
  for (const [amount, error] of [
    ["9", "At least 10 ₽."],
    ["10.5", "Enter a whole number of roubles."],
    ["1e9", "Enter a whole number of roubles."],
    ["1000000000", "At most ₽100,000.00."],
  ] as const) {
    await form.getByLabel(/Another amount/).fill(amount);
    await form.getByRole("button", { name: "Top up" }).click();
    await expect(form.getByText(error)).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard\/balance$/);
  }
  await page.goto("/dashboard/payments");
  await expect(page.getByText("No payments yet")).toBeVisible();
});

test("a declined top-up shows the reason, and nothing is credited", async ({ page }) => {
  await register(page, uniqueEmail("wallet-decline"));
  await topUp(page, 100);
  await page.getByLabel("Decline reason").selectOption("insufficient_funds");
  await page.getByRole("button", { name: "Decline" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/error\?order_id=ord_/);
  await expect(page.getByTestId("payment-error-reason")).toContainText(/insufficient funds/i);
  await page.goto("/dashboard/balance");
  await expect(page.getByTestId("balance")).toHaveText("₽0.00");
});

test("a plan is paid in roubles through YooKassa", async ({ page }) => {
  await register(page, uniqueEmail("wallet-plan"));
  await page.goto("/dashboard/plans");
  await page.getByLabel("Monthly").check();
  await page.getByLabel("Pay with").selectOption({ label: "YooKassa" });
  await page
    .getByRole("article", { name: "Starter plan" })
    .getByRole("button", { name: "Upgrade to Starter" })
    .click();
  await expect(page.getByText("RUB")).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  await expect(page.getByTestId("payment-state")).toContainText("Starter active until");
});

test("a bot user tops up from the signed link without an account", async ({ page }) => {
  const chatId = uniqueChatId();
  const sig = createHmac("sha256", LINK_SECRET).update(chatId).digest("hex");
  await page.goto(`/pay/topup?tg_id=${chatId}&sig=${sig}`);
  await page.getByRole("button", { name: "+500 ₽" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page).toHaveURL(/\/pay\/topup\/done\?order_id=ord_/);
  await expect(page.getByTestId("topup-outcome")).toHaveText("+₽500.00, balance ₽500.00");
});

test("an admin refunds 100 ₽ of a 300 ₽ top-up, and both ledgers show it", async ({ page, browser }) => {
  const email = uniqueEmail("wallet-refund");
  await register(page, email);
  await topUp(page, 300);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("topup-outcome")).toHaveText("+₽300.00, balance ₽300.00");
  const orderId = new URL(page.url()).searchParams.get("order_id")!;

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.goto(`/admin/payments?q=${orderId}`);
  await admin.getByTestId("admin-payment-row").first().getByRole("link").first().click();
  await admin.getByRole("button", { name: "Refund", exact: true }).click();
  const form = admin.getByRole("form", { name: "Refund" });
  await form.getByLabel(/^Amount/).fill("100");
  await form.getByRole("button", { name: "Confirm refund" }).click();
  await expect(form.getByRole("status")).toContainText("Refunded ₽100.00");
  await admin.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: email }).click();
  await expect(admin.getByTestId("customer-balance")).toHaveText("₽200.00");
  await expect(admin.getByTestId("customer-ledger").getByRole("listitem").first()).toContainText(
    "Top-up refunded",
  );
  await staff.close();

  await page.goto("/dashboard/balance");
  await expect(page.getByTestId("balance")).toHaveText("₽200.00");
  const first = page.getByTestId("ledger-row").first();
  await expect(first).toContainText("Top-up refunded");
  await expect(first).toContainText("−₽100.00");
});

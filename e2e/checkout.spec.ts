import { expect, test } from "./support/csp";
import { register, startUpgrade, uniqueEmail } from "./helpers";

// The upgrade flow end to end: our pages, the CryptoCloud emulator's hosted invoice page (started
// by the launcher because no CryptoCloud keys are set), its signed postback to our webhook.

test("a customer upgrades to Pro for 12 months and pays the invoice", async ({ page }) => {
  await register(page, uniqueEmail("upgrade"));
  await page.goto("/dashboard/plans");
  const pro = page.getByRole("article", { name: "Pro plan" });
  await expect(pro.getByText("$299.00")).toBeVisible();
  await page.getByLabel("12 months").check();
  await expect(pro.getByText("$3,229.20")).toBeVisible();
  await expect(pro.getByText("You save $358.80")).toBeVisible();

  await startUpgrade(page, "Pro", "12 months");
  await expect(page.getByText("3229.2").first()).toBeVisible();
  await page.getByRole("button", { name: "Pay in full" }).click();

  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  const nextYear = new Date();
  nextYear.setUTCMonth(nextYear.getUTCMonth() + 12);
  await expect(page.getByTestId("payment-state")).toHaveText(
    new RegExp(`Pro active until \\d+ \\w+ ${nextYear.getUTCFullYear()}`),
  );

  await page.getByRole("link", { name: "Payments" }).first().click();
  const row = page.getByTestId("payment-row").first();
  await expect(row).toContainText("Pro · 12 months");
  await expect(row).toContainText("$3,229.20");
  await expect(row).toContainText("Completed");

  await page.goto("/dashboard");
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByText("/ 300,000 requests")).toBeVisible();
});

test("a partial payment says what arrived and what is missing", async ({ page }) => {
  await register(page, uniqueEmail("partial"));
  await startUpgrade(page, "Basic", "Monthly");
  await page.getByRole("button", { name: "Pay part" }).click();

  await expect(page).toHaveURL(/\/dashboard\/payment\/success/);
  await expect(page.getByTestId("payment-state")).toContainText("Partially paid: $99.50 missing");
  await expect(page.getByTestId("payment-state")).toContainText("$99.50 of $199.00 has arrived");
  await expect(page.getByRole("link", { name: "Pay the missing amount" })).toHaveAttribute("href", /\/pay\//);

  await page.goto("/dashboard");
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
});

test("an expired invoice lands on the error screen, and retry opens a new invoice", async ({ page }) => {
  await register(page, uniqueEmail("expire"));
  await startUpgrade(page, "Starter", "Monthly");
  const firstInvoice = page.url();
  await page.getByRole("button", { name: "Let it expire" }).click();

  await expect(page).toHaveURL(/\/dashboard\/payment\/error\?order_id=ord_/);
  await expect(page.getByRole("heading", { name: "Payment not completed" })).toBeVisible();
  await expect(page.getByTestId("payment-error-reason")).toHaveText(/expired before the payment arrived/);

  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page).toHaveURL(/\/pay\/[A-Z0-9]{8}/);
  expect(page.url()).not.toBe(firstInvoice);

  await page.goto("/dashboard/payments");
  await expect(page.getByTestId("payment-row")).toHaveCount(2);
  await expect(page.getByTestId("payment-row").nth(1)).toContainText("Expired");
  await expect(page.getByTestId("payment-row").first().getByRole("link", { name: "Pay" })).toBeVisible();
});

test("one customer cannot see another customer's payment", async ({ page, browser }) => {
  await register(page, uniqueEmail("owner"));
  await startUpgrade(page, "Pro", "Monthly");
  await page.getByRole("button", { name: "Pay in full" }).click();
  await expect(page).toHaveURL(/order_id=ord_/);
  const orderId = new URL(page.url()).searchParams.get("order_id")!;

  const other = await browser.newPage();
  await register(other, uniqueEmail("intruder"));
  for (const path of ["/dashboard/payment/success", "/dashboard/payment/error"]) {
    const response = await other.goto(`${path}?order_id=${orderId}`);
    expect(response?.status()).toBe(404);
  }
  await other.goto("/dashboard/payments");
  await expect(other.getByText("No payments yet.")).toBeVisible();
  await other.close();
});

test("leaving Stripe Checkout for a plan says nothing was charged and offers the way back", async ({
  page,
}) => {
  await register(page, uniqueEmail("left"));
  await page.goto("/dashboard/plans");
  await page.getByLabel("Monthly").check();
  await page.getByLabel("Pay with").selectOption({ label: "Card (Stripe)" });
  await page
    .getByRole("article", { name: "Basic plan" })
    .getByRole("button", { name: "Upgrade to Basic" })
    .click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/error\?order_id=ord_\w+&left=1/);
  await expect(page.getByTestId("payment-left")).toHaveText(
    "You left the checkout before paying. Nothing was charged.",
  );
  await expect(page.getByText("Pending")).toHaveCount(0);
  await page.getByRole("link", { name: "Return to the checkout" }).click();
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
});

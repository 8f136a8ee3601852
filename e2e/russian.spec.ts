import { expect, test } from "./support/csp";
import { uniqueEmail } from "./helpers";

// A Russian-speaking customer's whole path in Russian: registration, the plans in roubles, paying
// through YooKassa's emulator, the receipt; then the language switcher turns the same pages English
// (and the choice stays, over the browser's own Russian).

test.use({ locale: "ru-RU" });

test("register, see the plans in roubles, pay a plan, read the receipt; then the same in English", async ({
  page,
}) => {
  await page.goto("/register");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await page.getByLabel("Электронная почта").fill(uniqueEmail("russian"));
  await page.getByLabel(/^Пароль/).fill("хороший пароль");
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page
    .getByRole("navigation", { name: "Основная навигация" })
    .getByRole("link", { name: "Тарифы" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Тарифы" })).toBeVisible();
  await page.getByLabel("Помесячно").check();
  await page.getByLabel("Способ оплаты").selectOption({ label: "ЮKassa" });
  const pro = page.getByRole("article", { name: "Тариф Pro" });
  await expect(pro).toContainText(/2\s290,00\s₽\s*в месяц/);
  await pro.getByRole("button", { name: "Перейти на Pro" }).click();

  await page.getByRole("button", { name: "Pay" }).click(); // YooKassa's emulator speaks English
  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  await expect(page.getByTestId("payment-state")).toContainText(/Тариф Pro действует до \d+ \S+ \d{4}/);
  const orderId = new URL(page.url()).searchParams.get("order_id")!;

  await page.getByRole("link", { name: "Квитанция" }).click();
  await expect(page).toHaveURL(`/dashboard/receipts/${orderId}`);
  await expect(page.getByRole("heading", { name: `Квитанция ${orderId}` })).toBeVisible();
  const lines = page.getByTestId("receipt-lines");
  await expect(lines).toContainText(/Оплачено\s*2\s290,00\s₽/);
  await expect(lines).toContainText("Pro, 1 месяц");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: `Receipt ${orderId}` })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(lines).toContainText(/Amount paid\s*₽2,290\.00/);

  await page.goto("/dashboard/plans");
  await expect(page.getByRole("heading", { level: 1, name: "Plans" })).toBeVisible();
  await expect(page.getByRole("article", { name: "Pro plan" })).toContainText("Your plan");
  await page.goto("/dashboard/payments");
  await expect(page.getByTestId("payment-row").first()).toContainText("Completed");
});

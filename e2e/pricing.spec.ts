import { expect, test } from "./support/csp";
import { DEMO_CUSTOMER, signIn, uniqueEmail } from "./helpers";

// The public price list: prices in the reader's money and style, the 12-month saving, toggles that
// are plain links (they work without a script), and a plan chosen there carried through
// registration or sign-in to the plans page.

test.describe("a Russian visitor", () => {
  test.use({ locale: "ru-RU" });

  test("sees roubles, picks Pro for 12 months, registers and lands on the plans page with it", async ({
    page,
  }) => {
    await page.goto("/pricing");
    await expect(page.getByRole("heading", { level: 1, name: "Тарифы" })).toBeVisible();
    const pro = page.getByRole("article", { name: "Pro" });
    await expect(pro).toContainText(/2\s290,00\s₽\s*в месяц/);
    await expect(pro).toContainText(/300\s000 запросов в месяц/);
    await expect(
      page.getByRole("group", { name: "Валюта" }).getByRole("link", { name: "₽ Рубли" }),
    ).toHaveAttribute("aria-current", "true");

    await page
      .getByRole("group", { name: "Срок оплаты" })
      .getByRole("link", { name: /12 месяцев/ })
      .click();
    await expect(page).toHaveURL(/\/pricing\?period=12$/);
    await expect(pro).toContainText(/24\s732,00\s₽\s*за 12 месяцев/);
    await expect(pro).toContainText(/вместо 27\s480,00\s₽/);
    await expect(pro).toContainText(/Экономия 2\s748,00\s₽/);

    await pro.getByRole("link", { name: "Выбрать Pro" }).click();
    await expect(page).toHaveURL(/\/register\?plan=pro&months=12&currency=RUB$/);
    await expect(page.getByText("Вы выбрали тариф Pro на 12 месяцев.", { exact: false })).toBeVisible();
    await page.getByLabel("Электронная почта").fill(uniqueEmail("pricing-ru"));
    await page.getByLabel(/^Пароль/).fill("хороший пароль");
    await page.getByRole("button", { name: "Создать аккаунт" }).click();

    await expect(page).toHaveURL(/\/dashboard\/plans\?plan=pro&months=12&currency=RUB$/);
    // The plans page preselects what the link names (its owner decides how it shows it).
    await expect(page.getByRole("radio", { name: /12/ })).toBeChecked();
  });

  test("a wrong password is explained in Russian", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Электронная почта").fill(uniqueEmail("nobody-ru"));
    await page.getByLabel("Пароль").fill("что-то не то");
    await page.getByRole("button", { name: "Войти" }).click();
    await expect(page.getByRole("status")).toHaveText("Неверная почта или пароль.");
  });
});

test.describe("an English visitor", () => {
  test.use({ locale: "en-US" });

  test("sees dollars and the 12-month saving, and can switch to roubles", async ({ page }) => {
    await page.goto("/pricing");
    const pro = page.getByRole("article", { name: "Pro" });
    await expect(pro).toContainText(/\$299\.00\s*\/ month/);
    await expect(pro).toContainText("300,000 requests a month");

    await page.getByRole("link", { name: /12 months/ }).click();
    await expect(pro).toContainText(/\$3,229\.20\s*for 12 months/);
    await expect(pro).toContainText("You save $358.80");
    await expect(pro.getByRole("link", { name: "Start with Pro" })).toHaveAttribute(
      "href",
      "/register?plan=pro&months=12&currency=USD",
    );

    await page.getByRole("link", { name: "₽ Roubles" }).click();
    await expect(page).toHaveURL(/\/pricing\?period=12&currency=RUB$/);
    await expect(pro).toContainText("You save ₽2,748.00");
  });

  test("a signed-in customer goes straight to the plans page with the plan chosen", async ({ page }) => {
    await signIn(page, DEMO_CUSTOMER);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto("/pricing");
    await page
      .getByRole("article", { name: "Basic" })
      .getByRole("link", { name: "Start with Basic" })
      .click();
    await expect(page).toHaveURL(/\/dashboard\/plans\?plan=basic&months=1&currency=USD$/);
  });

  test("a visitor who signs in from the registration page keeps the chosen plan", async ({ page }) => {
    await page.goto("/register?plan=starter&months=12&currency=USD");
    await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fplans%3Fplan%3Dstarter/);
    await page.getByLabel("Email").fill(DEMO_CUSTOMER.email);
    await page.getByLabel("Password").fill(DEMO_CUSTOMER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard\/plans\?plan=starter&months=12&currency=USD$/);
  });

  test("a forged plan link still registers, and leads to the dashboard", async ({ page }) => {
    await page.goto("/register?plan=%2F%2Fevil.example&months=12");
    await expect(page.getByText("You chose")).toHaveCount(0);
    await page.getByLabel("Email").fill(uniqueEmail("forged"));
    await page.getByLabel(/^Password/).fill("a good password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test.describe("without a script", () => {
  test.use({ locale: "en-US", javaScriptEnabled: false });

  test("the period and currency toggles still work", async ({ page }) => {
    await page.goto("/pricing");
    await page.getByRole("link", { name: /12 months/ }).click();
    await expect(page).toHaveURL(/\/pricing\?period=12$/);
    await expect(page.getByRole("article", { name: "Pro" })).toContainText("You save $358.80");
    await page.getByRole("link", { name: "₽ Roubles" }).click();
    await expect(page.getByRole("article", { name: "Pro" })).toContainText("You save ₽2,748.00");
  });
});

test.describe("on a phone-sized screen", () => {
  test.use({ locale: "ru-RU", viewport: { width: 390, height: 844 } });

  for (const path of ["/", "/pricing", "/register?plan=pro&months=12", "/login"]) {
    test(`${path} does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

test("the landing page says what the product is and leads to pricing and an account", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Billing for your SaaS" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "A Telegram bot" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "See pricing" }).first().click();
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByRole("heading", { level: 1, name: "Pricing" })).toBeVisible();
});

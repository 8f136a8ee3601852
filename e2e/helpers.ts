import { expect, type Page } from "@playwright/test";

/** The server's AUTH_SECRET in e2e runs (playwright.config.ts), so a test can mint a session token. */
export const AUTH_SECRET = "e2e-only-secret-e2e-only-secret-0123456789";

export const DEMO_CUSTOMER = { email: "customer@example.com", password: "customer-demo" };
export const DEMO_ADMIN = { email: "admin@example.com", password: "admin-demo" };

/** A unique address per test, so tests never share (or lock out) an account. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

export async function signIn(page: Page, credentials: { email: string; password: string }, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(credentials.email);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function register(page: Page, email: string, password = "a good password") {
  await page.goto("/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** From the plans page, opens a CryptoCloud invoice for `plan` and lands on its payment page. */
export async function startUpgrade(page: Page, plan: string, period: "Monthly" | "12 months") {
  await page.goto("/dashboard/plans");
  await page.getByLabel(period).check();
  await page.getByLabel("Pay with").selectOption({ label: "Crypto (CryptoCloud)" });
  const card = page.getByRole("article", { name: `${plan} plan` });
  await card.getByRole("button", { name: `Upgrade to ${plan}` }).click();
  await expect(page).toHaveURL(/\/pay\/[A-Z0-9]{8}/);
}

/** On the CryptoCloud emulator's payment page: pays the invoice in full and lands on the success screen. */
export async function payInFull(page: Page, plan: string) {
  await page.getByRole("button", { name: "Pay in full" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  await expect(page.getByTestId("payment-state")).toContainText(`${plan} active until`);
}

import { expect, test } from "./support/csp";
import { DEMO_CUSTOMER, register, signIn, uniqueEmail } from "./helpers";

test("a signed-out visitor is sent to sign-in, and back to the dashboard after it", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard/);
  await page.getByLabel("Email").fill(DEMO_CUSTOMER.email);
  await page.getByLabel("Password").fill(DEMO_CUSTOMER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByText("/ 100 requests")).toBeVisible();
});

test("sign-in returns to the page that asked for it", async ({ page }) => {
  await page.goto("/dashboard/plans");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%2Fplans/);
  await page.getByLabel("Email").fill(DEMO_CUSTOMER.email);
  await page.getByLabel("Password").fill(DEMO_CUSTOMER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/plans$/);
  await expect(page.getByRole("heading", { name: "Plans" })).toBeVisible();
});

test("a wrong password gets a clear message that doesn't say which part was wrong", async ({ page }) => {
  const email = uniqueEmail("wrong");
  await register(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, { email, password: "not my password" });
  await expect(page.getByRole("status")).toHaveText("Invalid email or password.");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, { email: uniqueEmail("nobody"), password: "whatever it is" });
  await expect(page.getByRole("status")).toHaveText("Invalid email or password.");
});

test("repeated failures are slowed down", async ({ page }) => {
  const email = uniqueEmail("locked");
  await register(page, email, "the right password");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("status")).toHaveText("Invalid email or password.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password").fill("wrong 6");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status")).toHaveText(/Too many failed attempts/);
  await page.getByLabel("Password").fill("the right password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status")).toHaveText(/Too many failed attempts/);
  await expect(page).toHaveURL(/\/login/);
});

test("a new customer registers, lands on the free plan, and signs out", async ({ page }) => {
  const email = uniqueEmail("new");
  await register(page, email);
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
  await expect(page.getByText(email).filter({ visible: true })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login/);
});

test("registering an email that exists says so and keeps what was typed", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Email").fill(DEMO_CUSTOMER.email);
  await page.getByLabel(/^Password/).fill("another password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this email already exists.").first()).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(DEMO_CUSTOMER.email);
  await expect(page).toHaveURL(/\/register$/);
});

test("registration explains invalid input field by field", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
});

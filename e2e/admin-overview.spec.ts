import { expect, test } from "./support/csp";
import { DEMO_ADMIN, DEMO_CUSTOMER, signIn } from "./helpers";

// The admin overview (revenue chart and figures) and the customers pages, on whatever demo data
// the launcher seeded: the figures are checked for presence and shape, their values by the
// integration tests (tests/integration/admin-overview.test.ts).

const FIGURE_CARDS = ["Revenue", "By plan", "By provider", "Payments opened", "Active subscriptions", "MRR"];

test("an admin reads the overview, switches to 90 days, finds a customer and follows them to their payments", async ({
  page,
}) => {
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();

  await expect(page.getByTestId("revenue-chart")).toBeVisible();
  await expect(page.getByTestId("window-days")).toHaveAttribute("data-days", "30");
  await expect(page.getByTestId("window-30")).toHaveAttribute("aria-current", "page");
  for (const title of FIGURE_CARDS) {
    await expect(page.getByRole("heading", { name: title, exact: true })).toBeVisible();
  }
  for (const status of ["completed", "failed", "pending"]) {
    await expect(page.getByTestId(`status-count-${status}`)).toHaveText(/^\d+$/);
  }
  await expect(page.getByTestId("active-subs-free")).toHaveText(/^\d+$/);
  await expect(page.getByTestId("active-subs-pro")).toHaveText(/^\d+$/);

  await page.getByTestId("window-90").click();
  await expect(page).toHaveURL(/\/admin\?days=90$/);
  await expect(page.getByTestId("window-days")).toHaveAttribute("data-days", "90");
  await expect(page.getByTestId("window-90")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("revenue-chart")).toBeVisible();

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(/\/admin\/customers$/);
  await expect(page.getByRole("heading", { name: "Customers", exact: true })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Balance" })).toBeVisible();

  // Emails are stored lower-cased; the search matches whatever case is typed.
  await page.getByLabel("Email or user id").fill("Customer@Example.com");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/admin\/customers\?q=Customer%40Example\.com$/);
  const rows = page.getByTestId("customer-row");
  await expect(rows).toHaveCount(1);
  await rows.getByRole("link", { name: DEMO_CUSTOMER.email }).click();

  await expect(page).toHaveURL(/\/admin\/customers\/[\w-]+$/);
  await expect(page.getByTestId("customer-email")).toHaveText(DEMO_CUSTOMER.email);
  await expect(page.getByTestId("customer-plan")).not.toBeEmpty();
  const customerId = page.url().split("/").at(-1)!;
  await page.getByTestId("customer-payments-link").click();
  await expect(page).toHaveURL(`/admin/payments?customer=${customerId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await expect(page.getByTestId("customer-filter")).toContainText(
    `Only the payments of ${DEMO_CUSTOMER.email}`,
  );
  // Every row is that customer's (none, on a fresh demo database), and the filter survives
  // applying another one.
  for (const row of await page.locator("tbody tr").all())
    await expect(row).toContainText(DEMO_CUSTOMER.email);
  await page.getByLabel("Rows per page").selectOption("50");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL((url) => url.searchParams.get("size") === "50");
  expect(new URL(page.url()).searchParams.get("customer")).toBe(customerId);
  await page.getByTestId("customer-filter").getByRole("link", { name: "all customers" }).click();
  await expect(page).toHaveURL("/admin/payments?size=50");
});

test("a customer gets a 404 for the overview and the customers pages", async ({ page }) => {
  await signIn(page, DEMO_CUSTOMER);
  await expect(page).toHaveURL(/\/dashboard$/);
  for (const path of [
    "/admin/customers",
    "/admin/customers?q=admin",
    "/admin/customers/anyone",
    "/admin?days=90",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByTestId("customer-row")).toHaveCount(0);
    await expect(page.getByTestId("revenue-chart")).toHaveCount(0);
  }
});

test.describe("on a phone-sized screen", () => {
  test.use({ viewport: { width: 412, height: 915 } });

  test("the overview and the customers table fit the width", async ({ page }) => {
    await signIn(page, DEMO_ADMIN);
    await expect(page).toHaveURL(/\/dashboard$/);
    for (const path of ["/admin", "/admin/customers"]) {
      await page.goto(path);
      await expect(page.getByRole("navigation", { name: "Admin" })).toBeVisible();
      // Wide tables scroll inside their card; the page itself never scrolls sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});

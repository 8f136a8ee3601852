import { expect, test } from "./support/csp";
import { DEMO_ADMIN, DEMO_CUSTOMER, signIn } from "./helpers";

test("a customer gets a 404 for the admin area", async ({ page }) => {
  await signIn(page, DEMO_CUSTOMER);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);

  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("an admin sees the admin area", async ({ page }) => {
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Admin" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${DEMO_ADMIN.email}`)).toBeVisible();
});

test("nobody signed out sees the dashboard or the admin area", async ({ page, request }) => {
  for (const path of ["/dashboard", "/admin"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
  }
  // Without following redirects: the protected HTML itself is never sent.
  const direct = await request.get("/dashboard", { maxRedirects: 0 });
  expect(direct.status()).toBe(307);
  expect(await direct.text()).not.toContain("current-plan");
});

test("the health endpoint reports the migrated database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "reachable" });
});

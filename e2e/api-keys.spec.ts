import { expect, test } from "./support/csp";
import { DEMO_ADMIN, signIn } from "./helpers";

// An admin's API key for /api/v1, start to end: created with one scope, shown once, listed by its
// prefix, revoked behind a confirmation. The API's description (the JSON document and the docs
// page) is public. Independent of the /api/v1 routes themselves (their own specs test them).

test("an admin creates a customers key, sees it once, finds it by its prefix and revokes it", async ({
  page,
}) => {
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/admin/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "API keys" }),
  ).toHaveAttribute("aria-current", "page");

  const name = `e2e bot ${Date.now()}`;
  const form = page.getByRole("form", { name: "Create an API key" });
  await form.getByLabel(/^Name/).fill(name);
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(form.getByText("Choose at least one scope.")).toBeVisible();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);

  await form.getByLabel(/^Name/).fill(name);
  await form.getByRole("checkbox", { name: /^customers/ }).check();
  await form.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^bk_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("Copy it now: it won't be shown again.")).toBeVisible();
  const key = (await shown.textContent())!;

  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 10)}…`);
  await expect(row).toContainText("customers");
  await expect(row).not.toContainText("operations");
  await expect(row).toContainText("Never");
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");

  // Shown once: the page's next render has the row, and the key nowhere.
  await page.reload();
  await expect(row.getByTestId("api-key-prefix")).toHaveText(`${key.slice(0, 10)}…`);
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: `Revoke “${name}” now` }).click();
  await expect(row.getByTestId("api-key-status")).toContainText("Revoked");
  await page.reload();
  await expect(row.getByTestId("api-key-status")).toContainText("Revoked");
  await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
});

test("the OpenAPI document and the docs page are public", async ({ browser, request }) => {
  // `request` carries no session: proxy.ts must let it through, not redirect it to /login.
  const response = await request.get("/api/v1/openapi.json", { maxRedirects: 0 });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toMatch(/^3\.1\./);
  expect(Object.keys(document.paths)).toContain("/api/v1/openapi.json");

  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto("/docs/api");
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "Billing API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Authentication" })).toBeVisible();
  await expect(page.getByText("Authorization: Bearer bk_…")).toBeVisible();
  const operation = page.getByTestId("api-operation").filter({ hasText: "/api/v1/openapi.json" });
  await expect(operation).toContainText("GET");
  await expect(operation).toContainText("Public: no API key needed.");
  await page.getByRole("link", { name: "openapi.json", exact: true }).click();
  await expect(page).toHaveURL(/\/api\/v1\/openapi\.json$/);
  await visitor.close();
});

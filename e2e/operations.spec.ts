import { expect, test } from "./support/csp";
import { DEMO_ADMIN, register, signIn, uniqueEmail } from "./helpers";

// The operations API from the outside: an admin creates a key in the console, a script (here
// Playwright's request client, as the product's backend would) charges 5 operations of a new
// customer with it, and the customer's balance page shows 4 free and 1 charged.

test("an admin's key charges 5 operations of a new customer: 4 free, then 1 charged, as the customer sees", async ({
  page,
  browser,
  request,
}) => {
  const email = uniqueEmail("ops");
  await register(page, email);
  // 10 ₽ for the one paid operation, through YooKassa's emulator.
  await page.goto("/dashboard/balance");
  await page.getByRole("button", { name: "+100 ₽" }).click();
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByTestId("topup-outcome")).toHaveText("+₽100.00, balance ₽100.00");

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.goto("/admin/api-keys");
  const form = admin.getByRole("form", { name: "Create an API key" });
  await form.getByLabel(/^Name/).fill(`e2e backend ${Date.now()}`);
  await form.getByRole("checkbox", { name: /^operations/ }).check();
  await form.getByRole("button", { name: "Create key" }).click();
  const key = (await admin.getByTestId("new-api-key").textContent())!;
  await staff.close();

  const paidWith = [];
  for (let i = 1; i <= 5; i++) {
    const response = await request.post("/api/v1/operations", {
      headers: { authorization: `Bearer ${key}` },
      data: { customer: { email }, type: "generate", idempotencyKey: `e2e-${email}-${i}` },
    });
    expect(response.status()).toBe(201);
    paidWith.push(((await response.json()) as { operation: { paidWith: string } }).operation.paidWith);
  }
  expect(paidWith).toEqual(["free_credit", "free_credit", "free_credit", "free_credit", "balance"]);

  await page.goto("/dashboard/balance");
  await expect(page.getByTestId("balance")).toHaveText("₽90.00");
  await expect(page.getByTestId("free-operations")).toHaveText("Free operations left: 0");
  const states = await page.getByTestId("operation-state").allTextContents();
  expect(states.sort()).toEqual(["charged", "free", "free", "free", "free"]);
});

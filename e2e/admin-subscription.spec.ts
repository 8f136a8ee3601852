import { expect, test } from "./support/csp";
import { DEMO_ADMIN, payInFull, register, signIn, startUpgrade, uniqueEmail } from "./helpers";

// An admin's change to a customer's subscription, seen from both sides: the admin extends the
// paid time by 7 days with a reason; the customer's dashboard shows the new end and the reason.

const paidUntil = async (text: Promise<string | null>) =>
  Date.parse(`${(await text)!.replace(/^Paid until /, "")} UTC`);

test("an admin extends a customer by 7 days and the customer sees it with the reason", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("extend");
  await register(page, email);
  await startUpgrade(page, "Basic", "Monthly");
  await payInFull(page, "Basic");
  await page.goto("/dashboard");
  const before = await paidUntil(page.getByTestId("current-period").textContent());

  const staff = await browser.newContext();
  const admin = await staff.newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.goto(`/admin/customers?q=${encodeURIComponent(email)}`);
  await admin.getByRole("link", { name: email }).click();
  const controls = admin.getByRole("form", { name: "Change the subscription" });
  await controls.getByLabel("Change").selectOption({ label: "Extend by days (no charge)" });
  await controls.getByLabel("Days").fill("7");
  await controls.getByLabel(/^Reason/).fill("Sorry for the outage on 1 Dec");
  await controls.getByRole("button", { name: "Apply" }).click();
  await expect(controls.getByRole("status")).toContainText("Basic extended by 7 days");
  await expect(admin.getByTestId("subscription-events").getByRole("listitem").first()).toContainText(
    "Reason: Sorry for the outage on 1 Dec",
  );
  await staff.close();

  await page.reload();
  const after = await paidUntil(page.getByTestId("current-period").textContent());
  expect(after - before).toBe(7 * 24 * 60 * 60 * 1000);
  const latest = page.getByRole("list", { name: "Subscription history" }).getByRole("listitem").first();
  await expect(latest).toContainText("Extended by support");
  await expect(latest).toContainText("reason: Sorry for the outage on 1 Dec");
});

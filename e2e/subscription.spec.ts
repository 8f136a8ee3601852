import { expect, test } from "./support/csp";
import { payInFull, register, startUpgrade, uniqueEmail } from "./helpers";

// Value-conserving plan changes as a customer sees them: the upgrade says before paying how much
// of the unused time it converts, and the history says it after; cancelling names the date and
// keeps the paid time; resuming undoes it.

test("an upgrade shows the converted days before paying, and the history shows them after", async ({
  page,
}) => {
  await register(page, uniqueEmail("convert"));
  await startUpgrade(page, "Starter", "12 months");
  await payInFull(page, "Starter");

  await page.goto("/dashboard/plans");
  await page.getByLabel("Monthly").check();
  const outcome = page.getByTestId("outcome-pro");
  // $1,393.20 of Starter time, nearly all unused, at Pro's $299.00 / 30 days: about 139 days.
  await expect(outcome).toHaveText(
    /^Pro until \d+ \w+ \d{4}, including 1(39|40) days from your unused Starter time\.$/,
  );
  const promised = (await outcome.textContent())!.match(/^Pro until (.+?),/)![1]!;

  await startUpgrade(page, "Pro", "Monthly");
  await payInFull(page, "Pro");
  await page.goto("/dashboard");
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("current-period")).toHaveText(`Paid until ${promised}`);
  const history = page.getByRole("list", { name: "Subscription history" });
  await expect(history.getByRole("listitem").first()).toContainText(/Upgraded.*from the unused Starter time/);
});

test("a customer cancels, sees the date the paid time ends, and resumes", async ({ page }) => {
  await register(page, uniqueEmail("cancel"));
  await startUpgrade(page, "Basic", "Monthly");
  await payInFull(page, "Basic");

  await page.goto("/dashboard/plans");
  const free = page.getByRole("article", { name: "Free plan" });
  await free.getByRole("button", { name: "Cancel subscription" }).click();
  const confirm = free.getByRole("form", { name: "Confirm cancellation" });
  await expect(confirm).toContainText(/Basic stays until \d+ \w+ \d{4}; then you move to Free\./);
  await confirm.getByRole("button", { name: /^Cancel on / }).click();
  await expect(page.getByTestId("cancellation-notice")).toContainText(
    /Cancelled: Basic ends on \d+ \w+ \d{4}/,
  );

  await page.goto("/dashboard");
  await expect(page.getByTestId("current-plan")).toHaveText("Basic");
  await page.getByRole("button", { name: "Resume subscription" }).click();
  await expect(page.getByText("Your subscription continues.")).toBeVisible();
  const history = page.getByRole("list", { name: "Subscription history" });
  await expect(history.getByRole("listitem").nth(0)).toContainText("Resumed");
  await expect(history.getByRole("listitem").nth(1)).toContainText("Cancelled");
});

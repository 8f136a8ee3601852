import { readFile } from "node:fs/promises";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/csp";
import { register, startUpgrade, uniqueEmail } from "./helpers";
import { pdfText } from "../tests/support/pdf-text";

// Receipts end to end: a customer pays a plan on the CryptoCloud emulator's hosted invoice page,
// opens the receipt from the payment history, and downloads it as a PDF whose text is checked
// with pdf.js, as a PDF reader would extract it. And the history folds abandoned attempts.

/** Buys Pro for a month with the emulator's "Pay in full"; returns the order id. */
async function payForPro(page: Page): Promise<string> {
  await startUpgrade(page, "Pro", "Monthly");
  await page.getByRole("button", { name: "Pay in full" }).click();
  await expect(page).toHaveURL(/\/dashboard\/payment\/success\?order_id=ord_/);
  await expect(page.getByTestId("payment-state")).toContainText("Pro active until");
  return new URL(page.url()).searchParams.get("order_id")!;
}

test("a customer opens the receipt of a paid plan and downloads it as a PDF", async ({ page, browser }) => {
  await register(page, uniqueEmail("receipt"));
  const orderId = await payForPro(page);
  await expect(page.getByRole("link", { name: "Receipt" })).toHaveAttribute(
    "href",
    `/dashboard/receipts/${orderId}`,
  );

  await page.goto("/dashboard/payments");
  const row = page.getByTestId("payment-row").first();
  await expect(row).toContainText("Completed");
  await row.getByRole("link", { name: "Receipt" }).click();

  await expect(page).toHaveURL(`/dashboard/receipts/${orderId}`);
  await expect(page.getByRole("heading", { name: `Receipt ${orderId}` })).toBeVisible();
  const lines = page.getByTestId("receipt-lines");
  await expect(lines).toContainText("Amount paid$299.00");
  await expect(lines).toContainText("ItemPro, 1 month");
  await expect(page.getByTestId("receipt-seller")).toContainText("Billing Dashboard");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`receipt-${orderId}.pdf`);
  const bytes = new Uint8Array(await readFile(await download.path()));
  expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
  const text = await pdfText(bytes);
  expect(text).toContain("Amount paid $299.00");
  expect(text).toContain(`Receipt number ${orderId}`);
  expect(text).toContain("Pro, 1 month");

  // Another customer gets neither the page nor the PDF.
  const other = await browser.newPage();
  await register(other, uniqueEmail("receipt-intruder"));
  expect((await other.goto(`/dashboard/receipts/${orderId}`))?.status()).toBe(404);
  expect((await other.request.get(`/dashboard/receipts/${orderId}/pdf`)).status()).toBe(404);
  await other.close();
});

test("the payment history folds abandoned attempts into one row that opens", async ({ page }) => {
  await register(page, uniqueEmail("abandoned"));
  for (let attempt = 0; attempt < 2; attempt++) {
    await startUpgrade(page, "Starter", "Monthly");
    await page.getByRole("button", { name: "Let it expire" }).click();
    await expect(page).toHaveURL(/\/dashboard\/payment\/error\?order_id=ord_/);
    // Expired on our side too before the next try, or that try would reopen this invoice.
    await expect(page.getByTestId("payment-error-reason")).toHaveText(/expired before the payment arrived/);
  }
  await payForPro(page);

  await page.goto("/dashboard/payments");
  const folded = page.getByTestId("abandoned-attempts");
  await expect(folded).toHaveCount(1);
  const summary = folded.getByText("2 abandoned attempts");
  await expect(summary).toBeVisible();
  const attempts = folded.getByTestId("payment-row");
  await expect(attempts).toHaveCount(2);
  await expect(attempts.first()).toBeHidden();

  await summary.click();
  await expect(attempts.first()).toBeVisible();
  await expect(attempts.first()).toContainText("Expired");
  await expect(attempts.nth(1)).toContainText("Expired");
  // The paid plan stays a row of its own, with its receipt.
  const paid = page.getByTestId("payment-row").first();
  await expect(paid).toContainText("Pro · 1 month");
  await expect(paid.getByRole("link", { name: "Receipt" })).toBeVisible();
});

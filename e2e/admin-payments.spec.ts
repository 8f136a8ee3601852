import fs from "node:fs";
import { type Page, type Request } from "@playwright/test";
import { expect, test } from "./support/csp";
import { DEMO_ADMIN, DEMO_CUSTOMER, signIn } from "./helpers";
import { botLink, uniqueChatId } from "./sandbox";

// The admin payments console on the demo data the launcher seeds (a few hundred generated
// payments across providers and statuses): filters in the URL, keyset pages both ways, the CSV
// export of exactly the filtered set, a payment's timeline, and nothing of it for a customer.

const rowsOf = (page: Page) => page.getByTestId("admin-payment-row");

/** Follows a pager link and waits until the new page's rows are shown. */
async function turnPage(page: Page, link: "Next →" | "← Previous") {
  const firstRow = await rowsOf(page).first().textContent();
  await page.getByRole("link", { name: link }).click();
  await expect(rowsOf(page).first()).not.toHaveText(firstRow ?? "");
}

async function totalOf(page: Page): Promise<number> {
  const total = page.getByTestId("payments-total");
  await expect(total).toHaveAttribute("data-exact", "true");
  return Number(await total.getAttribute("data-count"));
}

test("an admin filters by provider and status, pages both ways, exports the set and opens a timeline", async ({
  page,
}) => {
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/admin/payments");
  await page.getByLabel("Provider").selectOption({ label: "Card (Stripe)" });
  await page.getByLabel("Status").selectOption("completed");
  // Up to yesterday: other tests running beside this one add today's payments, and a set that
  // changes while it is paged would make the counts below meaningless.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("To", { exact: true }).fill(yesterday);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`to=${yesterday}`));
  await expect(page).toHaveURL(/status=completed/);
  await expect(page).toHaveURL(/provider=stripe/);

  const total = await totalOf(page);
  expect(total).toBeGreaterThan(25); // the demo data spans several pages
  await expect(rowsOf(page)).toHaveCount(25);
  for (const row of await rowsOf(page).all()) {
    await expect(row).toContainText("Card (Stripe)");
    await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "completed");
    await expect(row.locator("[data-status]")).toHaveText("Completed"); // in words, not a catalog key
  }

  // Forward to the end, then back to the start: every row once, the same first page again.
  const firstPage = await rowsOf(page).allTextContents();
  const seen = [...firstPage];
  while (await page.getByRole("link", { name: "Next →" }).count()) {
    await turnPage(page, "Next →");
    seen.push(...(await rowsOf(page).allTextContents()));
  }
  expect(seen).toHaveLength(total);
  expect(new Set(seen).size).toBe(total);
  while (await page.getByRole("link", { name: "← Previous" }).count()) {
    await turnPage(page, "← Previous");
  }
  expect(await rowsOf(page).allTextContents()).toEqual(firstPage);

  // Amounts are compared within one currency: until one is chosen, the Amount order waits.
  await expect(page.getByRole("button", { name: /Amount/ })).toBeDisabled();

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const download = await downloading;
  const csv = fs
    .readFileSync(await download.path(), "utf8")
    .trimEnd()
    .split(/\r?\n/);
  expect(csv[0]).toBe("created,order_id,customer,purpose,provider,amount,currency,status,provider_ref");
  expect(csv).toHaveLength(total + 1);
  expect(csv.slice(1).every((line) => line.includes(",stripe,") && line.includes(",completed,"))).toBe(true);

  // With a currency chosen, sorting by amount keeps the filters.
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/currency=USD/);
  await page.getByRole("button", { name: /Amount/ }).click();
  await expect(page).toHaveURL(/sort=amount/);
  await expect(page).toHaveURL(/provider=stripe/);
  await expect(page).toHaveURL(/currency=USD/);

  await rowsOf(page).first().getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/payments\/[\w-]+$/);
  const timeline = page.getByTestId("payment-timeline");
  await expect(timeline.getByRole("listitem").first()).toBeVisible();
  await expect(timeline).toContainText("→ Completed");
});

test("a customer gets nothing of the admin payments console, its export or its actions", async ({
  browser,
}) => {
  // A course bought from a bot link: a paid payment with a webhook delivery behind it.
  const buyerContext = await browser.newContext();
  const buyer = await buyerContext.newPage();
  await buyer.goto(botLink("telegram-course", uniqueChatId()));
  await buyer.getByRole("button", { name: "Pay $49.00" }).click();
  await buyer.getByRole("button", { name: "Pay", exact: true }).click();
  await expect(buyer.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  const orderId = new URL(buyer.url()).searchParams.get("order_id")!;
  await buyerContext.close();

  // The admin opens it and starts each of its actions; the requests are caught, never sent.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO_ADMIN);
  await expect(admin).toHaveURL(/\/dashboard$/);
  await admin.goto(`/admin/payments?q=${orderId}`);
  await expect(rowsOf(admin)).toHaveCount(1);
  await rowsOf(admin).first().getByRole("link").click();
  await expect(admin).toHaveURL(/\/admin\/payments\/[\w-]+$/);
  const paymentUrl = admin.url();
  const timelineBefore = await admin.getByTestId("payment-timeline").getByRole("listitem").count();

  const captured: { headers: Record<string, string>; body: string }[] = [];
  await admin.route("**/*", async (route, request: Request) => {
    if (request.method() !== "POST" || !(await request.headerValue("next-action"))) return route.continue();
    captured.push({ headers: await request.allHeaders(), body: request.postData() ?? "" });
    return route.abort();
  });
  for (const [action, confirm] of [
    ["Refund", /^Confirm refund$/],
    ["Reconcile now", /^Ask .* and apply its answer$/],
    ["Replay delivery", /^Verify and apply it again$/],
  ] as const) {
    await admin.goto(paymentUrl); // a fresh page: the caught request leaves the last one in error
    const before = captured.length;
    await admin.getByRole("button", { name: action, exact: true }).first().click();
    await admin.getByRole("button", { name: confirm }).click();
    await expect.poll(() => captured.length).toBe(before + 1);
  }

  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await signIn(customer, DEMO_CUSTOMER);
  await expect(customer).toHaveURL(/\/dashboard$/);
  for (const path of ["/admin/payments", new URL(paymentUrl).pathname]) {
    expect((await customer.goto(path))?.status()).toBe(404);
  }
  expect((await customer.request.get("/admin/payments/export")).status()).toBe(403);
  const anonymous = await browser.newContext();
  const signedOut = await anonymous.request.get("/admin/payments/export", { maxRedirects: 0 });
  expect(signedOut.status()).toBe(307); // proxy.ts sends signed-out visitors to /login
  expect(await signedOut.text()).not.toContain("order_id");
  await anonymous.close();

  expect(captured).toHaveLength(3);
  for (const call of captured) {
    const response = await customer.request.post(paymentUrl, {
      headers: {
        "next-action": call.headers["next-action"]!,
        "content-type": call.headers["content-type"]!,
        accept: "text/x-component",
        "accept-language": "en-US", // a bare request has none: the reply would be in DEFAULT_LOCALE
      },
      data: call.body,
    });
    expect(await response.text()).toContain("You are not allowed to do this.");
  }

  await admin.unrouteAll();
  await admin.reload();
  await expect(admin.getByTestId("payment-timeline").getByRole("listitem")).toHaveCount(timelineBefore);
  await adminContext.close();
  await customerContext.close();
});

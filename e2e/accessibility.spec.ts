import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/csp";
import { actAs, pageUrls, withPaidCustomer, type Reading } from "./support/app-pages";

// axe-core finds no WCAG 2 A/AA violation on the main pages, in both languages and both colour
// schemes (contrast is checked against the colours actually rendered, so dark mode is covered).

const MAIN_PAGES = [
  "/",
  "/pricing",
  "/login",
  "/register",
  "/dashboard",
  "/dashboard/plans",
  "/dashboard/balance",
  "/dashboard/payments",
  "/dashboard/receipts/[orderId]",
  "/admin",
  "/admin/payments",
  "/admin/payments/[id]",
  "/admin/customers/[id]",
] as const;

test.describe.configure({ timeout: 240_000 });

const fixture = withPaidCustomer();

const readings: Reading[] = [
  { locale: "ru", theme: "light" },
  { locale: "en", theme: "light" },
  { locale: "ru", theme: "dark" },
  { locale: "en", theme: "dark" },
];

for (const reading of readings) {
  test(`no WCAG 2 A/AA violations on the main pages (${reading.locale}, ${reading.theme})`, async ({
    page,
    baseURL,
  }) => {
    const urls = pageUrls(fixture());
    const found: string[] = [];
    for (const who of ["anyone", "customer", "admin"] as const) {
      await actAs(page, baseURL!, who, fixture(), reading);
      for (const route of MAIN_PAGES.filter((name) => urls[name]!.as === who)) {
        await page.goto(urls[route]!.url);
        await expect(page.locator("html")).toHaveAttribute("lang", reading.locale);
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          .analyze();
        for (const violation of violations)
          found.push(
            `${route}: ${violation.id} (${violation.impact}) ${violation.nodes
              .slice(0, 3)
              .map((node) => node.target.join(" "))
              .join(", ")}`,
          );
      }
    }
    expect(found).toEqual([]);
  });
}

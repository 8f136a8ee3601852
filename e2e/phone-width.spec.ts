import { expect, test } from "./support/csp";
import { actAs, pageRoutes, pageUrls, withPaidCustomer } from "./support/app-pages";

// Every page of the app at 390 px (an iPhone 12-15's width), in Russian (the longer words) and in
// English: the document is never wider than the viewport, so nothing scrolls sideways. And no page
// shows a catalog key instead of words (what next-intl renders for a message it cannot find).

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
test.describe.configure({ timeout: 240_000 });

const fixture = withPaidCustomer();
const CATALOG_KEY = /\b(?:admin|auth|billing|common|dashboard|landing|pay|receipt)\.[A-Za-z]+\.[A-Za-z.]+/g;

test("the walk covers every page the app has", () => {
  expect(Object.keys(pageUrls(fixture())).sort()).toEqual(pageRoutes());
});

for (const locale of ["ru", "en"] as const) {
  test(`no page scrolls sideways at 390 px (${locale})`, async ({ page, baseURL }) => {
    const wide: string[] = [];
    const untranslated: string[] = [];
    const pages = Object.values(pageUrls(fixture()));
    for (const who of ["anyone", "customer", "admin"] as const) {
      await actAs(page, baseURL!, who, fixture(), { locale, theme: "light" });
      for (const { url } of pages.filter((entry) => entry.as === who)) {
        const response = await page.goto(url);
        expect(response?.status(), url).toBeLessThan(500);
        const overflow = await page.evaluate(() => ({
          document: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
        }));
        if (overflow.document > overflow.viewport) wide.push(`${url}: ${overflow.document} px`);
        const keys = (await page.locator("body").innerText()).match(CATALOG_KEY);
        if (keys) untranslated.push(`${url}: ${keys.join(", ")}`);
      }
    }
    expect(wide, "pages wider than the 390 px viewport").toEqual([]);
    expect(untranslated, "pages showing catalog keys").toEqual([]);
  });
}

import { expect, test } from "./support/csp";
import { encode } from "next-auth/jwt";
import { AUTH_SECRET, DEMO_CUSTOMER, signIn } from "./helpers";
import { pageRoutes } from "./support/app-pages";

// proxy.ts only checks that a session token exists; the guard is the server's own requireUser() /
// requireAdmin() (in the dashboard and admin layouts, and again in each page) and each route's
// authorizeRequest(). These tests reach every page past the proxy
// and would fail if any page lost its own check. The pages are read from app/, so a page added
// later is covered the day it exists.

const MISSING_ID = "cmissingrecord00000000000";

/** Every page route under app/<area>, with dynamic segments filled in. */
function pagesUnder(area: "dashboard" | "admin"): string[] {
  return pageRoutes()
    .filter((route) => route === `/${area}` || route.startsWith(`/${area}/`))
    .map((route) => route.replace(/\[[^\]]+\]/g, MISSING_ID));
}

const protectedPages = [...pagesUnder("dashboard"), ...pagesUnder("admin")];

test("the list of protected pages is the one the app has", () => {
  // A guard against this file testing nothing: the walk must find the known pages.
  expect(protectedPages).toEqual(
    expect.arrayContaining([
      "/dashboard",
      "/dashboard/plans",
      "/admin",
      "/admin/payments",
      `/admin/payments/${MISSING_ID}`,
    ]),
  );
});

test("a session whose account no longer exists gets past the proxy, and every page refuses it itself", async ({
  request,
}) => {
  // A well-signed session for an account that was deleted after signing in: the proxy lets it
  // through (it only checks the token), so only the page's own check stands in the way.
  const token = await encode({
    token: { sub: MISSING_ID, email: "deleted@example.com", role: "ADMIN" },
    secret: AUTH_SECRET,
  });
  const cookie = `next-auth.session-token=${token}`;

  // Control: without the cookie it is the proxy that answers, and its redirect carries callbackUrl.
  const signedOut = await request.get("/dashboard", { maxRedirects: 0 });
  expect(signedOut.headers().location).toContain("callbackUrl=");

  for (const pathname of protectedPages) {
    const response = await request.get(pathname, { headers: { cookie }, maxRedirects: 0 });
    expect(response.status(), pathname).toBe(307);
    // requireUser()'s redirect: plain /login, no callbackUrl, so not the proxy's.
    expect(response.headers().location, pathname).toMatch(/^(https?:\/\/[^/]+)?\/login$/);
  }
  const exported = await request.get("/admin/payments/export", { headers: { cookie }, maxRedirects: 0 });
  expect(exported.status()).toBe(401);
});

test("a signed-in customer gets 404 from every admin page and 403 from the export", async ({ page }) => {
  await signIn(page, DEMO_CUSTOMER);
  await expect(page).toHaveURL(/\/dashboard$/);
  const adminPages = pagesUnder("admin");
  for (const pathname of adminPages) {
    const response = await page.request.get(pathname, { maxRedirects: 0 });
    expect(response.status(), pathname).toBe(404);
  }
  const exported = await page.request.get("/admin/payments/export", { maxRedirects: 0 });
  expect(exported.status()).toBe(403);
});

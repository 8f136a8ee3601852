import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, type Page } from "@playwright/test";
import { expect, test } from "./csp";
import { botLink, uniqueChatId } from "../sandbox";
import { DEMO_ADMIN, payInFull, register, signIn, startUpgrade, uniqueEmail } from "../helpers";

// Every page of the app, read from app/ (so a page added later is walked the day it exists), with
// its dynamic segments and query filled from records a test made: a customer who paid a plan.

/** Each page route under app/, as its file path says ("/admin/payments/[id]"). */
export function pageRoutes(): string[] {
  return fs
    .readdirSync("app", { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => {
      // Route groups ("(home)") are folders, not URL segments.
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((segment) => segment !== "." && !/^\(.+\)$/.test(segment));
      return `/${segments.join("/")}`;
    })
    .sort();
}

export interface Fixture {
  customer: { email: string; password: string };
  orderId: string;
  paymentId: string;
  customerId: string;
}

/** A customer who paid for Pro (CryptoCloud emulator), and the records an admin sees of it. */
export async function paidCustomer(page: Page): Promise<Fixture> {
  const customer = { email: uniqueEmail("walk"), password: "a good password" };
  await register(page, customer.email, customer.password);
  await startUpgrade(page, "Pro", "Monthly");
  await payInFull(page, "Pro");
  const orderId = new URL(page.url()).searchParams.get("order_id")!;
  await page.context().clearCookies();
  await signIn(page, DEMO_ADMIN);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto(`/admin/payments?q=${encodeURIComponent(orderId)}`);
  const paymentHref = await page
    .locator(`[data-testid=admin-payment-row] a[href^="/admin/payments/"]`)
    .first()
    .getAttribute("href");
  await page.goto(paymentHref!);
  const customerHref = await page.locator(`a[href^="/admin/customers/"]`).first().getAttribute("href");
  await page.context().clearCookies();
  return {
    customer,
    orderId,
    paymentId: paymentHref!.split("/").pop()!,
    customerId: customerHref!.split("/").pop()!,
  };
}

/**
 * Makes `paidCustomer` once, before the file's tests (in a page of its own), and returns what
 * reads it from within a test.
 */
export function withPaidCustomer(): () => Fixture {
  let fixture: Fixture | undefined;
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await browser.newPage();
    fixture = await paidCustomer(page);
    await page.close();
  });
  return () => {
    if (!fixture) throw new Error("the paid customer is not made yet");
    return fixture;
  };
}

type Visitor = "anyone" | "customer" | "admin";

/** The URL to open for each page route, and who opens it. Every route of the app must be here. */
export function pageUrls(fixture: Fixture): Record<string, { url: string; as: Visitor }> {
  const chat = uniqueChatId();
  return {
    "/": { url: "/", as: "anyone" },
    "/pricing": { url: "/pricing", as: "anyone" },
    "/login": { url: "/login", as: "anyone" },
    "/register": { url: "/register", as: "anyone" },
    "/docs/api": { url: "/docs/api", as: "anyone" },
    "/pay-link-invalid": { url: "/pay-link-invalid?reason=bad_signature", as: "anyone" },
    "/pay/[product]": { url: botLink("telegram-course", chat), as: "anyone" },
    "/pay/[product]/done": { url: `/pay/telegram-course/done?order_id=${fixture.orderId}`, as: "anyone" },
    "/pay/topup": { url: botLink("topup", chat), as: "anyone" },
    "/pay/topup/done": { url: `/pay/topup/done?order_id=${fixture.orderId}`, as: "anyone" },
    "/dashboard": { url: "/dashboard", as: "customer" },
    "/dashboard/plans": { url: "/dashboard/plans", as: "customer" },
    "/dashboard/balance": { url: "/dashboard/balance", as: "customer" },
    "/dashboard/payments": { url: "/dashboard/payments", as: "customer" },
    "/dashboard/telegram": { url: "/dashboard/telegram", as: "customer" },
    "/dashboard/payment/success": {
      url: `/dashboard/payment/success?order_id=${fixture.orderId}`,
      as: "customer",
    },
    "/dashboard/payment/error": {
      url: `/dashboard/payment/error?order_id=${fixture.orderId}`,
      as: "customer",
    },
    "/dashboard/receipts/[orderId]": { url: `/dashboard/receipts/${fixture.orderId}`, as: "customer" },
    "/admin": { url: "/admin", as: "admin" },
    "/admin/payments": { url: "/admin/payments", as: "admin" },
    "/admin/payments/[id]": { url: `/admin/payments/${fixture.paymentId}`, as: "admin" },
    "/admin/customers": { url: "/admin/customers", as: "admin" },
    "/admin/customers/[id]": { url: `/admin/customers/${fixture.customerId}`, as: "admin" },
    "/admin/api-keys": { url: "/admin/api-keys", as: "admin" },
    "/admin/attention": { url: "/admin/attention", as: "admin" },
    "/admin/operation-types": { url: "/admin/operation-types", as: "admin" },
  };
}

export interface Reading {
  locale: "ru" | "en";
  theme: "light" | "dark";
}

/** Sets the language and colour scheme the next pages are read in (the app's own cookies). */
export async function readAs(page: Page, baseURL: string, reading: Reading): Promise<void> {
  await page.context().addCookies([
    { name: "locale", value: reading.locale, url: baseURL },
    { name: "theme", value: reading.theme, url: baseURL },
  ]);
}

/**
 * Signs the context in as `who` (or out), then reads in `reading`. Signing in happens in English:
 * sign-in saves the browser's language on the account, and the shared demo accounts must keep
 * English for the tests that sign in without choosing one.
 */
export async function actAs(page: Page, baseURL: string, who: Visitor, fixture: Fixture, reading: Reading) {
  const context: BrowserContext = page.context();
  await context.clearCookies();
  if (who !== "anyone") {
    await readAs(page, baseURL, { ...reading, locale: "en" });
    await signIn(page, who === "admin" ? DEMO_ADMIN : fixture.customer);
    await expect(page).toHaveURL(/\/(dashboard|admin)/);
  }
  await readAs(page, baseURL, reading);
}

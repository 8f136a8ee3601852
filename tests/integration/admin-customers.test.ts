import { getServerSession } from "next-auth";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import AdminPage from "@/app/admin/(home)/page";
import CustomerPage from "@/app/admin/customers/[id]/page";
import CustomersPage from "@/app/admin/customers/(list)/page";
import { CUSTOMER_PAGE_SIZE, getCustomerDetail, searchCustomers } from "@/lib/billing/admin/customers";
import { decodeCursor } from "@/lib/cursor";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users";
import { parseCustomerSearchParams, parseOverviewParams } from "@/lib/validations/admin";
import { DAY, insertPayment, planId, productId, putOnPlan } from "./admin-fixtures";
import { customer } from "./helpers";
import { testRequest } from "../support/test-request";

// The session is what a signed-in browser would carry; everything after it (the database read of
// the user and role, the page's guard) is the real code.
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  getServerSession: vi.fn(),
}));
const signedInAs = (userId: string | null) =>
  vi
    .mocked(getServerSession)
    .mockResolvedValue(userId ? { user: { id: userId }, expires: "2999-01-01" } : null);

beforeEach(() => {
  vi.mocked(getServerSession).mockReset();
});

// The pages render outside Next: next-intl reads the catalogs in the test request's language.

const html = (page: ReactNode) => renderToString(page);

/** Accounts created with one email prefix, optionally sharing one createdAt (to test the id tie-break). */
async function accounts(prefix: string, count: number) {
  const created = [];
  for (let i = 0; i < count; i++) {
    created.push(await createUser({ email: `${prefix}${i}@example.com`, password: "long enough password" }));
  }
  return created;
}

describe("searching customers", () => {
  it("pages newest first, 25 at a time, without skipping or repeating, with ties on createdAt", async () => {
    const users = await accounts("pager-", CUSTOMER_PAGE_SIZE + 3);
    // Six accounts registered in the same millisecond, straddling the page boundary.
    const tie = new Date("2001-01-01T00:00:00Z");
    await db.user.updateMany({
      where: { id: { in: users.slice(0, 6).map((u) => u.id) } },
      data: { createdAt: tie },
    });
    await customer("not-a-pager"); // matches no prefix below
    const expected = await db.user.findMany({
      where: { email: { startsWith: "pager-" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });

    const first = await searchCustomers({ q: "pager-" });
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).not.toBeNull();

    await accounts("pager-late-", 1); // registers between the two page loads: shifts nothing
    const second = await searchCustomers({ q: "pager-", cursor: first.nextCursor! });
    expect(second.rows).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    expect([...first.rows, ...second.rows].map((row) => row.id)).toEqual(expected.map((row) => row.id));

    // The cursor names the last row shown; a malformed one shows the first page.
    expect(decodeCursor(first.nextCursor!)?.id).toBe(first.rows.at(-1)!.id);
    const garbage = await searchCustomers({ q: "pager-", cursor: "not-a-cursor" });
    expect(garbage.rows[0]!.email).toBe("pager-late-0@example.com");
    // Cursors that decode but that PostgreSQL could not take (a NUL byte, year −100000): first page.
    for (const text of ["2020-01-01T00:00:00Z|a\u0000b", "-100000-01-01T00:00:00.000Z|abc"]) {
      const crafted = await searchCustomers({ q: "pager-", cursor: Buffer.from(text).toString("base64url") });
      expect(crafted.rows[0]!.email).toBe("pager-late-0@example.com");
    }

    // Without a query every account is listed, newest first.
    const everyone = await searchCustomers({ size: 2 });
    expect(everyone.rows.map((row) => row.email)).toEqual([
      "pager-late-0@example.com",
      expect.stringMatching(/^not-a-pager-/),
    ]);
  });

  it("matches the start of an email whatever its case, or an exact user id, and nothing else", async () => {
    const [alpha] = await accounts("alpha-search-", 2);
    await accounts("beta-alpha-search-", 1);
    await createUser({ email: "under_score@example.com", password: "long enough password" });
    await createUser({ email: "underXscore@example.com", password: "long enough password" });
    await createUser({ email: "percent%sign@example.com", password: "long enough password" });

    const emails = async (q: string) => (await searchCustomers({ q })).rows.map((row) => row.email).sort();
    expect(await emails("ALPHA-Search-")).toEqual([
      "alpha-search-0@example.com",
      "alpha-search-1@example.com",
    ]);
    expect(await emails("  alpha-search-1@example.com ")).toEqual(["alpha-search-1@example.com"]);
    // LIKE's wildcards are literal characters here.
    expect(await emails("under_")).toEqual(["under_score@example.com"]);
    expect(await emails("%")).toEqual([]);
    expect(await emails("percent%")).toEqual(["percent%sign@example.com"]);
    // A user id matches exactly, not as a prefix.
    expect((await searchCustomers({ q: alpha!.id })).rows.map((row) => row.id)).toEqual([alpha!.id]);
    expect(await searchCustomers({ q: alpha!.id.slice(0, -1) })).toEqual({ rows: [], nextCursor: null });
    expect(await emails("nobody-has-this")).toEqual([]);
  });

  it("shows each account's plan, period, schedule, Telegram link and its own last payment, and no secrets", async () => {
    const [payer, other] = await accounts("rowcheck-", 2);
    const end = new Date("2027-05-01T00:00:00Z");
    await putOnPlan(payer!.id, "pro", end);
    await db.subscription.update({
      where: { userId: payer!.id },
      data: { scheduledPlanId: await planId("starter") },
    });
    await db.user.update({ where: { id: payer!.id }, data: { telegramChatId: "555000111" } });
    const t = new Date("2026-06-01T00:00:00Z");
    await insertPayment({ userId: payer!.id, amount: 29_900, status: "completed", paidAt: t });
    await insertPayment({
      userId: payer!.id,
      amount: 322_920,
      months: 12,
      status: "failed",
      createdAt: new Date(t.getTime() + DAY),
    });
    // The other account's payment is newer than all of the payer's: it must not show on the payer's row.
    await insertPayment({
      userId: other!.id,
      amount: 1,
      status: "pending",
      createdAt: new Date(t.getTime() + 9 * DAY),
    });

    const { rows } = await searchCustomers({ q: "rowcheck-" });
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    expect(byEmail.get("rowcheck-0@example.com")).toEqual({
      id: payer!.id,
      email: "rowcheck-0@example.com",
      name: null,
      role: "CUSTOMER",
      createdAt: expect.any(Date),
      plan: { slug: "pro", name: "Pro" },
      currentPeriodEnd: end,
      scheduledPlan: { name: "Starter" },
      telegramLinked: true,
      lastPayment: {
        orderId: expect.stringMatching(/^ord_/),
        createdAt: new Date(t.getTime() + DAY),
        amount: 322_920,
        currency: "USD",
        status: "failed",
      },
      balance: 0,
      freeOperations: null,
    });
    expect(byEmail.get("rowcheck-1@example.com")).toMatchObject({
      plan: { slug: "free", name: "Free" },
      currentPeriodEnd: null,
      scheduledPlan: null,
      telegramLinked: false,
      lastPayment: { amount: 1, status: "pending" },
    });
    const text = JSON.stringify(rows);
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain("$argon2");
    expect(text).not.toContain("555000111");
  });
});

describe("a customer's page", () => {
  it("shows that account's subscription, products and payments, and nobody else's", async () => {
    const [owner, stranger] = await accounts("detail-", 2);
    await putOnPlan(owner!.id, "basic", new Date("2020-01-01T00:00:00Z")); // ended, not rolled over yet
    const course = await productId();
    const grant = async (userId: string, amount: number) => {
      const payment = await insertPayment({
        userId,
        amount,
        product: "telegram-course",
        status: "completed",
        paidAt: new Date(),
      });
      await db.entitlement.create({ data: { productId: course, paymentId: payment.id, userId } });
      return payment;
    };
    const owned = await grant(owner!.id, 4_900);
    await grant(stranger!.id, 3_990_00);
    await insertPayment({
      userId: stranger!.id,
      amount: 7,
      status: "pending",
      createdAt: new Date(Date.now() + DAY),
    });
    await db.user.update({ where: { id: owner!.id }, data: { telegramChatId: "999888777" } });

    const detail = await getCustomerDetail(owner!.id);
    expect(detail).toMatchObject({
      id: owner!.id,
      email: "detail-0@example.com",
      role: "CUSTOMER",
      telegramLinked: true,
      subscription: { plan: { slug: "basic" }, periodEnded: true, scheduledPlan: null },
      paymentCount: 1,
      lastPayment: { orderId: owned.orderId, amount: 4_900 },
      paymentsHref: `/admin/payments?customer=${owner!.id}`,
      wallet: { balance: 0, currency: "RUB", entries: [] },
      freeOperations: null,
    });
    expect(detail!.entitlements).toEqual([
      {
        id: expect.any(String),
        grantedAt: expect.any(Date),
        revokedAt: null,
        product: { slug: "telegram-course", name: "Course: the paid Telegram channel" },
        payment: { orderId: owned.orderId, amount: 4_900, currency: "USD" },
      },
    ]);
    const text = JSON.stringify(detail);
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain("999888777");
    expect(text).not.toContain(stranger!.id);

    expect(await getCustomerDetail("no-such-user")).toBeNull();
    expect(await getCustomerDetail("")).toBeNull();
  });
});

describe("the admin pages' guard", () => {
  // These pages add no server action and no route handler: search and paging are GET links, and
  // every read happens in the page after requireAdmin(). The guard is therefore the page itself.
  it("answers a customer with a 404 and a signed-out visitor with the sign-in page, reading nothing", async () => {
    const victim = await customer("guard-victim");
    const shopper = await customer("guard-shopper");
    const before = {
      users: await db.user.count(),
      payments: await db.payment.count(),
      subscriptions: await db.subscription.findMany({ orderBy: { id: "asc" } }),
    };
    const searchParams = Promise.resolve({ q: "guard-", days: "90" });
    const pages = [
      () => AdminPage({ params: Promise.resolve({}), searchParams }),
      () => CustomersPage({ params: Promise.resolve({}), searchParams }),
      () => CustomerPage({ params: Promise.resolve({ id: victim.id }), searchParams }),
    ];

    signedInAs(shopper.id);
    for (const page of pages) {
      await expect(page()).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
    }
    signedInAs(null);
    for (const page of pages) {
      await expect(page()).rejects.toMatchObject({
        digest: expect.stringMatching(/^NEXT_REDIRECT;.*\/login/),
      });
    }
    // A customer demoted from admin a moment ago is refused too: the role is read from the database.
    const demoted = await createUser({
      email: "demoted@example.com",
      password: "long enough password",
      role: "ADMIN",
    });
    await db.user.update({ where: { id: demoted.id }, data: { role: "CUSTOMER" } });
    signedInAs(demoted.id);
    await expect(pages[1]!()).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });

    expect(await db.user.count()).toBe(before.users + 1);
    expect(await db.payment.count()).toBe(before.payments);
    expect(
      (await db.subscription.findMany({ orderBy: { id: "asc" } })).filter((s) => s.userId !== demoted.id),
    ).toEqual(before.subscriptions);

    // An admin gets the pages (and a missing customer is a 404 for them too).
    const admin = await createUser({
      email: "guard-admin@example.com",
      password: "long enough password",
      role: "ADMIN",
    });
    signedInAs(admin.id);
    const [overview, list, detail] = await Promise.all(pages.map((page) => page()));
    const overviewHtml = html(overview);
    for (const id of ["revenue-chart", "status-count-completed", "active-subs-pro", "active-subs-free"]) {
      expect(overviewHtml).toContain(`data-testid="${id}"`);
    }
    expect(overviewHtml).toContain('data-days="90"'); // ?days=90 from the URL
    expect(html(list)).toContain("guard-shopper-");
    expect(html(detail)).toContain(`/admin/payments?customer=${victim.id}`);
    await expect(
      CustomerPage({ params: Promise.resolve({ id: "missing" }), searchParams }),
    ).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  });

  it("reads the URL leniently: a bad window is 30 days, a bad search is no search", () => {
    expect(parseOverviewParams({ days: "90" })).toEqual({ days: 90 });
    expect(parseOverviewParams({ days: ["90", "30"] })).toEqual({ days: 90 });
    for (const days of ["7", "abc", "", "90.5", undefined])
      expect(parseOverviewParams({ days })).toEqual({ days: 30 });
    expect(parseCustomerSearchParams({ q: "  Alice ", cursor: "abc_-1" })).toEqual({
      q: "Alice",
      cursor: "abc_-1",
    });
    expect(parseCustomerSearchParams({ q: "a\u0000b", cursor: "../etc" })).toEqual({});
    expect(parseCustomerSearchParams({ q: "   " })).toEqual({});
    expect(parseCustomerSearchParams({ q: "x".repeat(201) })).toEqual({});
  });
});

describe("the admin pages in Russian", () => {
  it("word everything in Russian and write money and dates the Russian way", async () => {
    const admin = await createUser({
      email: "ru-admin@example.com",
      password: "long enough password",
      role: "ADMIN",
    });
    const shopper = await customer("ru-shopper");
    await insertPayment({
      userId: shopper.id,
      amount: 129_000,
      currency: "RUB",
      plan: "pro",
      status: "completed",
    });
    signedInAs(admin.id);
    testRequest.acceptLanguage = "ru";
    const params = Promise.resolve({ id: shopper.id });
    const searchParams = Promise.resolve({ q: "ru-shopper" });

    const detail = html(await CustomerPage({ params, searchParams }));
    expect(detail).toContain("Аккаунт");
    expect(detail).toContain("Последний платёж");
    expect(detail).toContain("1\u00a0290,00\u00a0₽");
    expect(detail).toContain("Оплачен"); // the status, spelled as everywhere (common.status)
    expect(detail).not.toContain("Last payment");

    const list = html(await CustomersPage({ params: Promise.resolve({}), searchParams }));
    expect(list).toContain("Конец периода");
    expect(list).toMatch(/с \d{1,2} [а-я]+\.? \d{4} г\./);
  });
});

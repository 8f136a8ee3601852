import { describe, expect, it } from "vitest";
import { registerAction } from "@/app/register/actions";
import { db } from "@/lib/db";
import { testRequest } from "../support/test-request";

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

describe("registration", () => {
  it("creates a customer on the free plan with a hashed password", async () => {
    const result = await registerAction(
      null,
      form({ name: "Ada", email: " Ada@Example.COM ", password: "correct horse" }),
    );
    expect(result).toEqual({ ok: true, data: { email: "ada@example.com", next: "/dashboard" } });

    const user = await db.user.findUniqueOrThrow({
      where: { email: "ada@example.com" },
      omit: { passwordHash: false },
      include: { subscription: { include: { plan: true } } },
    });
    expect(user.role).toBe("CUSTOMER");
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.passwordHash).not.toContain("correct horse");
    expect(user.subscription).toMatchObject({
      status: "active",
      requestsLimit: 100,
      requestsUsed: 0,
      currentPeriodEnd: null,
    });
    expect(user.subscription?.plan.slug).toBe("free");
  });

  it("never returns the password hash unless asked", async () => {
    await registerAction(null, form({ email: "hidden@example.com", password: "long enough" }));
    const user = await db.user.findUniqueOrThrow({ where: { email: "hidden@example.com" } });
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("explains what is wrong with bad input and writes nothing", async () => {
    const result = await registerAction(null, form({ email: "not-an-email", password: "short" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors?.email).toEqual(["Enter a valid email address."]);
    expect(result.errors?.password).toEqual(["Use at least 8 characters."]);
    expect(await db.user.count({ where: { email: "not-an-email" } })).toBe(0);
  });

  it("refuses fields it does not know, such as a role", async () => {
    const result = await registerAction(
      null,
      form({ email: "mallory@example.com", password: "long enough", role: "ADMIN" }),
    );
    expect(result.ok).toBe(false);
    expect(await db.user.count({ where: { email: "mallory@example.com" } })).toBe(0);
  });

  it("refuses a second account for the same email, even when both arrive at once", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () =>
        registerAction(null, form({ email: "twin@example.com", password: "long enough" })),
      ),
    );
    expect(attempts.filter((r) => r.ok)).toHaveLength(1);
    for (const failed of attempts.filter((r) => !r.ok)) {
      expect(failed).toMatchObject({ message: "An account with this email already exists." });
    }
    expect(await db.user.count({ where: { email: "twin@example.com" } })).toBe(1);
    expect(await db.subscription.count({ where: { user: { email: "twin@example.com" } } })).toBe(1);
  });

  it("keeps the language the account registered in", async () => {
    await registerAction(null, form({ email: "english@example.com", password: "long enough" }));
    testRequest.acceptLanguage = "ru-RU,ru;q=0.9,en;q=0.5";
    await registerAction(null, form({ email: "russian@example.com", password: "достаточно длинный" }));
    const locales = await db.user.findMany({
      where: { email: { in: ["english@example.com", "russian@example.com"] } },
      select: { email: true, locale: true },
      orderBy: { email: "asc" },
    });
    expect(locales).toEqual([
      { email: "english@example.com", locale: "en" },
      { email: "russian@example.com", locale: "ru" },
    ]);
  });

  it("answers a Russian reader in Russian", async () => {
    testRequest.acceptLanguage = "ru";
    const invalid = await registerAction(
      null,
      form({ name: "я".repeat(101), email: "not-an-email", password: "short" }),
    );
    expect(invalid).toEqual({
      ok: false,
      message: "Исправьте отмеченные поля.",
      errors: {
        name: ["Не длиннее 100 символов."],
        email: ["Введите корректный адрес почты."],
        password: ["Не короче 8 символов."],
      },
    });

    await registerAction(null, form({ email: "taken@example.com", password: "long enough" }));
    const taken = await registerAction(null, form({ email: "taken@example.com", password: "long enough" }));
    expect(taken).toEqual({
      ok: false,
      message: "Аккаунт с такой почтой уже существует.",
      errors: { email: ["Аккаунт с такой почтой уже существует."] },
    });
  });

  it("leads to the plans page with the plan chosen on /pricing", async () => {
    const result = await registerAction(
      null,
      form({
        email: "chooser@example.com",
        password: "long enough",
        plan: "pro",
        months: "12",
        currency: "RUB",
      }),
    );
    expect(result).toEqual({
      ok: true,
      data: { email: "chooser@example.com", next: "/dashboard/plans?plan=pro&months=12&currency=RUB" },
    });
    const monthly = await registerAction(
      null,
      form({ email: "monthly@example.com", password: "long enough", plan: "starter", months: "1" }),
    );
    expect(monthly).toMatchObject({ ok: true, data: { next: "/dashboard/plans?plan=starter&months=1" } });
  });

  it.each([
    ["an unknown plan", { plan: "platinum", months: "1" }, "/dashboard"],
    ["the free plan", { plan: "free", months: "1" }, "/dashboard"],
    ["a period that is not sold", { plan: "pro", months: "6" }, "/dashboard"],
    ["a plan without a period", { plan: "pro" }, "/dashboard"],
    ["a path for a plan", { plan: "../../admin", months: "1" }, "/dashboard"],
    ["an open redirect", { plan: "//evil.example", months: "12" }, "/dashboard"],
    [
      "a currency it is not sold in",
      { plan: "pro", months: "12", currency: "EUR" },
      "/dashboard/plans?plan=pro&months=12",
    ],
    [
      "a malformed currency",
      { plan: "basic", months: "1", currency: "rub;" },
      "/dashboard/plans?plan=basic&months=1",
    ],
  ])("registers all the same with %s, and leads only where it may", async (_case, choice, next) => {
    const email = `choice-${Math.random().toString(36).slice(2)}@example.com`;
    const result = await registerAction(null, form({ email, password: "long enough", ...choice }));
    expect(result).toEqual({ ok: true, data: { email, next } });
  });

  it("does not lead to a plan that is no longer sold", async () => {
    await db.plan.update({ where: { slug: "business" }, data: { active: false } });
    try {
      const result = await registerAction(
        null,
        form({ email: "late@example.com", password: "long enough", plan: "business", months: "12" }),
      );
      expect(result).toMatchObject({ ok: true, data: { next: "/dashboard" } });
    } finally {
      await db.plan.update({ where: { slug: "business" }, data: { active: true } });
    }
  });
});

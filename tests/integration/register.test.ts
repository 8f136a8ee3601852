import { describe, expect, it } from "vitest";
import { registerAction } from "@/app/register/actions";
import { db } from "@/lib/db";

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
    expect(result).toEqual({ ok: true, data: { email: "ada@example.com" } });

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
});

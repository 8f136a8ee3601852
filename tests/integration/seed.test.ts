import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEMO_CUSTOMER, seedDatabase } from "@/lib/seed";
import { authenticate } from "@/lib/auth/credentials";

describe("seed", () => {
  it("writes every plan with its USD and RUB prices for 1 and 12 months", async () => {
    await seedDatabase({ adminEmail: "admin@example.com", adminPassword: "admin-password", demo: true });
    const plans = await db.plan.findMany({ orderBy: { sortOrder: "asc" }, include: { prices: true } });
    expect(plans.map((p) => p.slug)).toEqual(["free", "starter", "basic", "pro", "business", "enterprise"]);
    const pro = plans.find((p) => p.slug === "pro")!;
    const price = (currency: string, months: number) =>
      pro.prices.find((p) => p.currency === currency && p.months === months)?.amount;
    expect(price("USD", 1)).toBe(29_900);
    expect(price("USD", 12)).toBe(322_920);
    expect(price("RUB", 12)).toBe(2_473_200);
    expect(await db.price.count()).toBe(6 * 2 * 2);
  });

  it("creates the admin and the demo customer, each on the free plan, once", async () => {
    const options = { adminEmail: "boss@example.com", adminPassword: "boss-password", demo: true };
    const first = await seedDatabase(options);
    const second = await seedDatabase(options);
    expect(first.join("\n")).toContain("boss@example.com");
    expect(first.join("\n")).not.toContain("boss-password"); // an operator's password is never printed
    expect(second.join("\n")).not.toContain("boss@example.com");

    const admin = await db.user.findUniqueOrThrow({
      where: { email: "boss@example.com" },
      include: { subscription: { include: { plan: true } } },
    });
    expect(admin.role).toBe("ADMIN");
    expect(admin.subscription?.plan.slug).toBe("free");
    expect(await db.user.count({ where: { email: DEMO_CUSTOMER.email } })).toBe(1);
    expect(
      await authenticate({ email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password }),
    ).toMatchObject({
      role: "CUSTOMER",
    });
  });

  it("never turns an existing customer account into an admin", async () => {
    await seedDatabase({ adminEmail: "first@example.com", demo: false });
    await db.user.create({ data: { email: "ops@example.com", passwordHash: "x", role: "CUSTOMER" } });
    const report = await seedDatabase({
      adminEmail: "ops@example.com",
      adminPassword: "operator-password",
      demo: false,
    });
    expect(report.join("\n")).toContain("was NOT made an admin");
    expect((await db.user.findUniqueOrThrow({ where: { email: "ops@example.com" } })).role).toBe("CUSTOMER");
  });

  it("creates no admin when no admin password is configured", async () => {
    const report = await seedDatabase({ adminEmail: "nobody@example.com", demo: false });
    expect(report.join("\n")).toContain("no admin account seeded");
    expect(await db.user.count({ where: { email: "nobody@example.com" } })).toBe(0);
  });
});

describe("npm run db:seed against a DATABASE_URL", () => {
  // The script as an operator runs it: its own process, no AUTH_SECRET (it signs nothing).
  const runSeed = (env: Record<string, string>) => {
    const unset = new Set(["AUTH_SECRET", "NODE_ENV", "ADMIN_PASSWORD"]);
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !unset.has(key)));
    return spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts"], {
      env: { ...inherited, DATABASE_URL: process.env.DATABASE_URL!, ...env } as unknown as NodeJS.ProcessEnv,
      encoding: "utf8",
      timeout: 60_000,
    });
  };

  it("creates no account with the published demo password unless told it is development", async () => {
    const production = runSeed({ ADMIN_EMAIL: "ops-admin@example.com" });
    expect(production.status, production.stderr).toBe(0);
    expect(production.stdout).toContain("no admin account seeded");
    expect(await db.user.count({ where: { email: "ops-admin@example.com" } })).toBe(0);

    const development = runSeed({ ADMIN_EMAIL: "dev-admin@example.com", NODE_ENV: "development" });
    expect(development.status, development.stderr).toBe(0);
    expect(development.stdout).toContain("dev-admin@example.com / admin-demo");
    expect(await authenticate({ email: "dev-admin@example.com", password: "admin-demo" })).toMatchObject({
      role: "ADMIN",
    });
  });
});

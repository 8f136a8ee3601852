import { db } from "@/lib/db";
import { upsertCatalog } from "@/lib/billing/catalog";
import { createUser } from "@/lib/users";
import type { Role } from "@/lib/generated/prisma/client";

// What a fresh installation needs (the plan catalog, the admin account) and, for the demo and
// development, a customer to sign in as. Safe to run on every start: it only adds what is missing.

export const DEMO_CUSTOMER = {
  email: "customer@example.com",
  password: "customer-demo",
  name: "Demo Customer",
};
export const DEV_ADMIN_PASSWORD = "admin-demo";

export interface SeedOptions {
  adminEmail: string;
  /** Unset in production: then no admin is created and the operator is told how to add one. */
  adminPassword?: string;
  /** Also create the demo customer. */
  demo: boolean;
}

/** Seeds the database; returns human-readable lines about what it created. */
export async function seedDatabase(options: SeedOptions): Promise<string[]> {
  const report: string[] = [];
  await upsertCatalog();

  if (options.adminPassword) {
    const created = await ensureUser(options.adminEmail, options.adminPassword, "Admin", "ADMIN");
    // The operator's own password is a secret and never printed; the development default is public.
    const password = options.adminPassword === DEV_ADMIN_PASSWORD ? DEV_ADMIN_PASSWORD : "(ADMIN_PASSWORD)";
    if (created) report.push(`admin account:    ${options.adminEmail} / ${password}`);
  } else {
    report.push("no admin account seeded: set ADMIN_EMAIL and ADMIN_PASSWORD and restart to create one");
  }
  if (options.demo) {
    const created = await ensureUser(
      DEMO_CUSTOMER.email,
      DEMO_CUSTOMER.password,
      DEMO_CUSTOMER.name,
      "CUSTOMER",
    );
    if (created) report.push(`customer account: ${DEMO_CUSTOMER.email} / ${DEMO_CUSTOMER.password}`);
  }
  return report;
}

async function ensureUser(email: string, password: string, name: string, role: Role): Promise<boolean> {
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, role: true } });
  if (existing) {
    // An existing account keeps its password; only the role named by the configuration is enforced.
    if (existing.role !== role) await db.user.update({ where: { id: existing.id }, data: { role } });
    return false;
  }
  await createUser({ email, password, name, role });
  return true;
}

import { db } from "@/lib/db";
import { upsertCatalog } from "@/lib/billing/catalog";
import { seedOperationTypes } from "@/lib/billing/wallet/operation-types";
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
  await seedOperationTypes();

  if (options.adminPassword) {
    const admin = await ensureUser(options.adminEmail, options.adminPassword, "Admin", "ADMIN");
    // The operator's own password is a secret and never printed; the development default is public.
    const password = options.adminPassword === DEV_ADMIN_PASSWORD ? DEV_ADMIN_PASSWORD : "(ADMIN_PASSWORD)";
    if (admin === "created") report.push(`admin account:    ${options.adminEmail} / ${password}`);
    if (admin === "wrong-role") {
      report.push(
        `WARNING: ${options.adminEmail} is an existing customer account and was NOT made an admin. ` +
          `Choose another ADMIN_EMAIL, or promote it yourself: UPDATE "User" SET role = 'ADMIN' WHERE email = '…';`,
      );
    }
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

/** Creates the account unless the email is taken; returns what happened. Never changes an existing account. */
async function ensureUser(
  email: string,
  password: string,
  name: string,
  role: Role,
): Promise<"created" | "exists" | "wrong-role"> {
  const existing = await db.user.findUnique({ where: { email }, select: { role: true } });
  // Promoting an existing account would hand admin rights to whoever registered that email
  // first, with their password: an operator must do that knowingly, by hand.
  if (existing) return existing.role === role ? "exists" : "wrong-role";
  await createUser({ email, password, name, role });
  return "created";
}

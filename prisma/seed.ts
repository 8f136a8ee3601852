// `npm run db:seed` (or `prisma db seed`): the plan catalog, the admin, and with --demo the demo
// customer. The launcher (scripts/serve.ts) calls seedDatabase() itself on every start.
import { disconnectDb } from "../lib/db";
import { env } from "../lib/env";
import { DEV_ADMIN_PASSWORD, seedDatabase } from "../lib/seed";

const config = env();
const demo = process.argv.includes("--demo") || config.NODE_ENV !== "production";
const lines = await seedDatabase({
  adminEmail: config.ADMIN_EMAIL,
  adminPassword: config.ADMIN_PASSWORD ?? (config.NODE_ENV === "production" ? undefined : DEV_ADMIN_PASSWORD),
  demo,
});
for (const line of lines) console.log(`seed: ${line}`);
console.log("seed: done");
await disconnectDb();

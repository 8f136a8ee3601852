// `npm run db:seed` (or `prisma db seed`): the plan catalog and the admin account, where missing.
// Demo data and the admin's demo password follow the launcher's rule (scripts/serve.ts): only on
// the embedded database or with NODE_ENV=development (or with --demo, for the demo customer), so
// seeding a real DATABASE_URL never creates an account with a published password. Needs no
// AUTH_SECRET: it signs nothing.
import nextEnv from "@next/env";
import { openDatabase } from "../lib/database-server";
import { disconnectDb } from "../lib/db";
import { EnvError, parseSeedEnv } from "../lib/env";
import { DEV_ADMIN_PASSWORD, seedDatabase } from "../lib/seed";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
try {
  const config = parseSeedEnv();
  const database = await openDatabase();
  process.env.DATABASE_URL = database.url;
  const demoDefaults = database.embedded || process.env.NODE_ENV === "development";
  const lines = await seedDatabase({
    adminEmail: config.ADMIN_EMAIL,
    adminPassword: config.ADMIN_PASSWORD ?? (demoDefaults ? DEV_ADMIN_PASSWORD : undefined),
    demo: demoDefaults || process.argv.includes("--demo"),
  });
  for (const line of lines) console.log(`seed: ${line}`);
  console.log("seed: done");
  await disconnectDb();
  await database.stop();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

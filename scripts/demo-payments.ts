import pg from "pg";
import { countGenerated, finishUsers, insertPayments, insertUsers } from "./seed-large/statements";

// The demo (`npm run dev`, or `npm start` on the embedded database) shows an admin console with
// something in it: a few hundred payments from generated customers, made by the same generator as
// `npm run db:seed:large` (ids "seed_…", emails "…@example.test", no usable passwords). Once.

const DEMO_PAYMENTS = 400;
const DEMO_CUSTOMERS = 40;

export async function seedDemoPayments(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if ((await countGenerated(client)).payments > 0) return null;
    await insertUsers(client, DEMO_CUSTOMERS);
    await insertPayments(client, 1, DEMO_PAYMENTS, DEMO_CUSTOMERS);
    await finishUsers(client);
    return `${DEMO_PAYMENTS} demo payments from ${DEMO_CUSTOMERS} generated customers (…@example.test)`;
  } finally {
    await client.end();
  }
}

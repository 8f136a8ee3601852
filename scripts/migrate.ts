// `npm run db:migrate`: everything a deployment's migrations step owes the database before any app
// or worker starts: pending Prisma migrations, then the job queue's schema and queues (pg-boss),
// so that app instances with RUN_WORKERS=false can queue jobs even before a worker has started.
// The launcher (scripts/serve.ts) does the same on every start.
import { parseDatabaseEnv } from "../lib/env";
import { installJobQueue } from "../lib/jobs/queue";
import { runMigrations } from "./run-migrations";

const { DATABASE_URL } = parseDatabaseEnv();
if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (scripts/with-database.ts sets it)");
await runMigrations(DATABASE_URL);
await installJobQueue(DATABASE_URL);
console.log("job queue: installed");

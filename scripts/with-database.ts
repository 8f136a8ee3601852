// Runs a command against the project's database: DATABASE_URL when set (in the environment or in
// .env, as the app reads it), else the embedded PostgreSQL under DATA_DIR (started for the
// command, stopped after). Backs the db:* npm scripts:
//   tsx scripts/with-database.ts <command> [args…]
import { spawn } from "node:child_process";
import nextEnv from "@next/env";
import { openDatabase } from "../lib/database-server";
import { DataDirBusyError } from "../lib/embedded-postgres";
import { DatabaseUserCannotEnterError } from "../lib/embedded-postgres-access";
import { EnvError } from "../lib/env";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-database.ts <command> [args…]");
  process.exit(1);
}

try {
  const database = await openDatabase();
  const child = spawn(command, args, {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: database.url },
  });
  const code = await new Promise<number>((resolve) => child.once("exit", (status) => resolve(status ?? 1)));
  await database.stop();
  process.exit(code);
} catch (error) {
  const known =
    error instanceof EnvError ||
    error instanceof DataDirBusyError ||
    error instanceof DatabaseUserCannotEnterError;
  console.error(known ? error.message : error);
  process.exit(1);
}

// Prisma Migrate without Prisma's native schema engine, which cannot be downloaded everywhere:
// the same engine compiled to WebAssembly (@prisma/schema-engine-wasm), talking to PostgreSQL
// through @prisma/adapter-pg. It reads and writes prisma/migrations and `_prisma_migrations`
// exactly like `prisma migrate`, so `prisma migrate deploy` keeps working wherever the native
// engine is available.
//
//   tsx scripts/prisma-migrate.ts <deploy|dev|status|diff|resolve> [options]   (see USAGE)

import path from "node:path";
import { parseArgs } from "node:util";
import type { CommandOptions } from "./prisma-migrate/common.js";
import { deploy } from "./prisma-migrate/commands/deploy.js";
import { dev } from "./prisma-migrate/commands/dev.js";
import { diff } from "./prisma-migrate/commands/diff.js";
import { resolve } from "./prisma-migrate/commands/resolve.js";
import { status } from "./prisma-migrate/commands/status.js";

const USAGE = `Usage: tsx scripts/prisma-migrate.ts <command> [options]

Commands
  deploy               Apply pending migrations to DATABASE_URL (prisma migrate deploy)
  dev --name <name>    Create prisma/migrations/<timestamp>_<name>/migration.sql from the changes
                       in schema.prisma, without applying it (prisma migrate dev --create-only);
                       prints "Already in sync" and creates nothing when there is no change
      --draft          create the migration even when empty, to write SQL by hand
  status               Compare prisma/migrations with the database (prisma migrate status)
  diff                 Print the SQL between what prisma/migrations produce and schema.prisma
      --exit-code      exit 2 when they differ, 0 when they match
  resolve --rolled-back <migration> | --applied <migration>
                       Mark a failed migration as rolled back (deploy retries it) or as applied
                       by hand (prisma migrate resolve)

Options
  --schema <file>      Prisma schema (default: prisma/schema.prisma)
  --migrations <dir>   Migrations directory (default: prisma/migrations)
  --verbose            Print the schema engine's log on stderr
  -h, --help           Show this help

DATABASE_URL (postgresql://user:password@host:port/database) is read from the environment.
dev and diff replay the migrations in a temporary database on the same server, so the user
needs the CREATEDB privilege.

Exit codes: 0 success · 1 error, or status not up to date · 2 diff --exit-code found differences`;

const OPTIONS = {
  name: { type: "string" },
  draft: { type: "boolean" },
  "exit-code": { type: "boolean" },
  "rolled-back": { type: "string" },
  applied: { type: "string" },
  schema: { type: "string" },
  migrations: { type: "string" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Options each command accepts besides the common ones. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  deploy: [],
  dev: ["name", "draft"],
  status: [],
  diff: ["exit-code"],
  resolve: ["rolled-back", "applied"],
};
const COMMON_OPTIONS = ["schema", "migrations", "verbose", "help"];

class UsageError extends Error {}

// Defaults are relative to the project, not to the current directory, like prisma.config.ts.
const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (command === undefined) throw new UsageError("Missing command.");
  const allowed = COMMAND_OPTIONS[command];
  if (allowed === undefined) throw new UsageError(`Unknown command "${command}".`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra.join(" ")}".`);
  for (const option of Object.keys(values)) {
    if (!allowed.includes(option) && !COMMON_OPTIONS.includes(option)) {
      throw new UsageError(`--${option} does not apply to ${command}.`);
    }
  }

  const databaseUrl = process.env["DATABASE_URL"];
  if (databaseUrl === undefined || databaseUrl === "") throw new Error("DATABASE_URL is not set.");
  const options: CommandOptions = {
    session: {
      databaseUrl,
      schemaPath: path.resolve(values.schema ?? path.join(PROJECT_ROOT, "prisma", "schema.prisma")),
      verbose: values.verbose === true,
    },
    migrationsDir: path.resolve(values.migrations ?? path.join(PROJECT_ROOT, "prisma", "migrations")),
  };

  switch (command) {
    case "deploy":
      return deploy(options);
    case "status":
      return status(options);
    case "diff":
      return diff({ ...options, exitCode: values["exit-code"] === true });
    case "dev": {
      if (values.name === undefined) throw new UsageError("dev needs --name <name>.");
      return dev({ ...options, name: values.name, draft: values.draft === true });
    }
    case "resolve": {
      const rolledBack = values["rolled-back"];
      const applied = values.applied;
      if (rolledBack !== undefined && applied === undefined) {
        return resolve({ ...options, mark: "rolled-back", migrationName: rolledBack });
      }
      if (applied !== undefined && rolledBack === undefined) {
        return resolve({ ...options, mark: "applied", migrationName: applied });
      }
      throw new UsageError("resolve needs either --rolled-back <migration> or --applied <migration>.");
    }
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).then(
  // Exit explicitly: the engine leaves a ~10 s timer behind that would keep the process alive.
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usage =
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    process.stderr.write(usage ? `${message}\n\n${USAGE}\n` : `\n${message}\n`);
    process.exit(1);
  },
);

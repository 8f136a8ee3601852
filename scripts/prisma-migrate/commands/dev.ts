// `dev --name <name>`: write the next migration, from the difference between what the existing
// migrations produce and schema.prisma. Like `prisma migrate dev --create-only`, it does not apply
// the new migration: review the file, then run `deploy`. Unlike it, it does not apply pending
// migrations to DATABASE_URL's database either: this command leaves that database alone.

import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { displayPath, NO_FILTERS, printHeader, type CommandOptions } from "../common.js";
import { inStep } from "../engine-errors.js";
import { readMigrationsList, writeMigration } from "../migrations-dir.js";
import { withSchemaEngine, type Session } from "../session.js";

export interface DevOptions extends CommandOptions {
  readonly name: string;
  /** Write a migration even when nothing changed, to fill in by hand (SQL functions, data fixes). */
  readonly draft: boolean;
}

export async function dev(options: DevOptions): Promise<number> {
  const migrationName = toMigrationName(options.name);
  if (migrationName === "") {
    throw new Error(`--name "${options.name}" has no letters or digits to name a migration.`);
  }
  const migrationsList = await readMigrationsList(options.migrationsDir);
  // The engine runs on a scratch database, not on DATABASE_URL's: the new migration depends only
  // on the migrations and the schema, and the database's state (behind, drifted, failed) must
  // neither change the result nor be changed by creating a file.
  const sessionOptions = { ...options.session, scratchDatabase: true };
  return withSchemaEngine(sessionOptions, (session) =>
    createMigration(session, options, migrationName, migrationsList),
  );
}

async function createMigration(
  { engine, schema, target }: Session,
  options: DevOptions,
  migrationName: string,
  migrationsList: MigrationList,
): Promise<number> {
  printHeader(options, target);

  // createMigration takes "the schema the migrations produce" from a cache that only
  // devDiagnostic / diagnoseMigrationHistory fill (through a shadow database), and only for the
  // migrations the engine's database has applied. Called without it, it fails with "PostgreSQL
  // shadow DB must be provided through an external factory". So: apply them all to the scratch
  // database, then diagnose.
  await inStep("The existing migrations do not apply cleanly to an empty database", () =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
  if (action.tag === "reset") throw new Error(`Unexpected state of the scratch database: ${action.reason}`);

  const result = await engine.createMigration({
    draft: options.draft,
    migrationName,
    migrationsList,
    schema,
    filters: NO_FILTERS,
  });
  if (result.migrationScript === null) {
    process.stdout.write("Already in sync, no schema change or pending migration was found.\n");
    return 0;
  }

  const scriptPath = await writeMigration({
    list: migrationsList,
    directoryName: result.generatedMigrationName,
    extension: result.extension,
    script: result.migrationScript,
    connectorType: result.connectorType,
  });
  process.stdout.write(
    `Prisma Migrate created the following migration without applying it: ${result.generatedMigrationName}\n\n` +
      `${displayPath(scriptPath)}\n\n` +
      "Review it, then apply it with the `deploy` command.\n",
  );
  return 0;
}

/**
 * The Prisma CLI's naming rule (slugify with "_"): "Add Payment-status index" becomes
 * "add_payment_status_index", at most 200 characters.
 */
export function toMigrationName(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/&/g, " and ")
    .replace(/([a-z\d])([A-Z])/g, "$1 $2") // camelCase → camel Case
    .toLowerCase()
    .replace(/[^a-z\d]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
}

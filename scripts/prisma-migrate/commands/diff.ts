// `diff`: drift check between prisma/migrations and schema.prisma. The engine replays the
// migrations in a shadow database, diffs the result against the schema, and renders the SQL that
// would close the gap. The SQL goes to stdout (so it can be piped or saved), the verdict to stderr.
// With --exit-code: 2 when they differ, 0 when they match (`prisma migrate diff --exit-code`).

import type { DiffTarget } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { displayPath, NO_FILTERS, printHeader, type CommandOptions } from "../common.js";
import { readMigrationsList } from "../migrations-dir.js";
import { withSchemaEngine } from "../session.js";

export interface DiffOptions extends CommandOptions {
  readonly exitCode: boolean;
}

export async function diff(options: DiffOptions): Promise<number> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  // The engine picks the SQL dialect of a migrations directory from its lockfile; before the
  // first migration there is neither, and the starting point is simply an empty database.
  const noMigrationsYet =
    migrationsList.lockfile.content === null && migrationsList.migrationDirectories.length === 0;
  const from: DiffTarget = noMigrationsYet ? { tag: "empty" } : { tag: "migrations", ...migrationsList };

  return withSchemaEngine(options.session, async ({ engine, schema, target }) => {
    printHeader(options, target, process.stderr);
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", ...schema },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    process.stdout.write(result.stdout ?? "");

    const migrations = displayPath(options.migrationsDir);
    const schemaFile = displayPath(options.session.schemaPath);
    if (result.exitCode === 2) {
      process.stderr.write(
        `${schemaFile} differs from what ${migrations} produce: the SQL above is what is missing. ` +
          "Create a migration for it with `dev --name <name>`.\n",
      );
      return options.exitCode ? 2 : 0;
    }
    process.stderr.write(`${migrations} and ${schemaFile} are in sync.\n`);
    return 0;
  });
}

// `status`: compare prisma/migrations with the database's `_prisma_migrations`, like
// `prisma migrate status`. Exit 0 when the database has every migration and none failed, 1 when
// it does not. Reads only: no shadow database, nothing written.

import { countMigrations, NO_FILTERS, printHeader, type CommandOptions } from "../common.js";
import { migrationNames, readMigrationsList } from "../migrations-dir.js";
import { withSchemaEngine } from "../session.js";

export async function status(options: CommandOptions): Promise<number> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  const localCount = migrationNames(migrationsList).length;

  return withSchemaEngine(options.session, async ({ engine, target }) => {
    printHeader(options, target);
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    const out = process.stdout;
    out.write(`${countMigrations(localCount, options.migrationsDir)}\n\n`);
    const list = (names: string[]): string => names.map((name) => `  ${name}\n`).join("");
    let upToDate = true;

    const history = diagnosis.history;
    if (history?.diagnostic === "databaseIsBehind") {
      upToDate = false;
      out.write(`Not yet applied to the database:\n${list(history.unappliedMigrationNames)}\n`);
      out.write("Apply them with the `deploy` command.\n\n");
    } else if (history?.diagnostic === "migrationsDirectoryIsBehind") {
      upToDate = false;
      out.write(`Recorded in the database but missing from the migrations directory:\n`);
      out.write(list(history.unpersistedMigrationNames) + "\n");
    } else if (history?.diagnostic === "historiesDiverge") {
      upToDate = false;
      out.write(`The migrations directory and the database's migration history diverge.\n`);
      out.write(`Last common migration: ${history.lastCommonMigrationName ?? "(none)"}\n`);
      out.write(`Not yet applied to the database:\n${list(history.unappliedMigrationNames)}`);
      out.write(
        `Recorded in the database but missing locally:\n${list(history.unpersistedMigrationNames)}\n`,
      );
    }

    if (diagnosis.failedMigrationNames.length > 0) {
      upToDate = false;
      out.write(`Failed (recorded as started, never finished):\n${list(diagnosis.failedMigrationNames)}\n`);
      out.write("Fix the database by hand, then mark the migration rolled back or applied ");
      out.write("(https://pris.ly/d/migrate-resolve).\n\n");
    }

    if (diagnosis.editedMigrationNames.length > 0) {
      // `prisma migrate deploy` does not check checksums at all, so status does not fail on them.
      out.write(`Warning: modified after they were applied (checksum differs):\n`);
      out.write(list(diagnosis.editedMigrationNames) + "\n");
    }

    if (!diagnosis.hasMigrationsTable && localCount === 0) {
      out.write("The database is not managed by Prisma Migrate (no _prisma_migrations table).\n");
      return 1;
    }
    if (!upToDate) return 1;
    out.write("Database schema is up to date!\n");
    return 0;
  });
}

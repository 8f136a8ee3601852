// `deploy`: apply the pending migrations, like `prisma migrate deploy`.

import { countMigrations, NO_FILTERS, printHeader, type CommandOptions } from "../common.js";
import { migrationNames, readMigrationsList } from "../migrations-dir.js";
import { withSchemaEngine } from "../session.js";

export async function deploy(options: CommandOptions): Promise<number> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  return withSchemaEngine(options.session, async ({ engine, target }) => {
    printHeader(options, target);
    const out = process.stdout;
    out.write(`${countMigrations(migrationNames(migrationsList).length, options.migrationsDir)}\n\n`);

    // The engine takes an advisory lock, skips what `_prisma_migrations` records as applied,
    // refuses to go on past a failed migration (P3009), and records each migration with the
    // sha256 of its file, exactly as the native engine does.
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });

    if (appliedMigrationNames.length === 0) {
      out.write("No pending migrations to apply.\n");
      return 0;
    }
    out.write("The following migration(s) have been applied:\n\nmigrations/\n");
    for (const name of appliedMigrationNames) out.write(`  └─ ${name}/\n    └─ migration.sql\n`);
    out.write("\nAll migrations have been successfully applied.\n");
    return 0;
  });
}

// `resolve --rolled-back <migration>` / `resolve --applied <migration>`: the way out of a failed
// migration (P3009 blocks every later deploy), like `prisma migrate resolve`.
//   --rolled-back: the failed attempt is kept as history but ignored; the next deploy retries it.
//   --applied: the changes were made by hand; record the migration as applied without running it.

import { printHeader, type CommandOptions } from "../common.js";
import { readMigrationsList } from "../migrations-dir.js";
import { withSchemaEngine } from "../session.js";

export interface ResolveOptions extends CommandOptions {
  readonly mark: "applied" | "rolled-back";
  readonly migrationName: string;
}

export async function resolve(options: ResolveOptions): Promise<number> {
  const migrationsList = await readMigrationsList(options.migrationsDir);
  return withSchemaEngine(options.session, async ({ engine, target }) => {
    printHeader(options, target);
    const { migrationName } = options;
    if (options.mark === "applied") {
      // The engine checks that the migration exists locally and is not already applied, and
      // records the checksum of the local file.
      await engine.markMigrationApplied({ migrationName, migrationsList });
    } else {
      await engine.markMigrationRolledBack({ migrationName });
    }
    process.stdout.write(`Migration ${migrationName} marked as ${options.mark.replace("-", " ")}.\n`);
    return 0;
  });
}

// What every command shares: its options, the (empty) schema filter, and the header the Prisma
// CLI prints before touching a database.

import path from "node:path";
import type { SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { describeTarget, type DatabaseTarget } from "./database-url.js";
import type { SessionOptions } from "./session.js";

export interface CommandOptions {
  readonly session: SessionOptions;
  /** Absolute path of the migrations directory. */
  readonly migrationsDir: string;
}

/** prisma.config.ts declares no `tables.external` / `enums.external`: the engine manages all. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

/** A path as the user would type it: relative below the current directory, else absolute. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  if (relative === "") return ".";
  return relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}

export function printHeader(
  options: CommandOptions,
  target: DatabaseTarget,
  stream: NodeJS.WritableStream = process.stdout,
): void {
  stream.write(`Prisma schema loaded from ${displayPath(options.session.schemaPath)}\n`);
  stream.write(`Datasource "db": ${describeTarget(target)}\n\n`);
}

export function countMigrations(count: number, migrationsDir: string): string {
  const where = displayPath(migrationsDir);
  if (count === 0) return `No migration found in ${where}`;
  return `${count} migration${count === 1 ? "" : "s"} found in ${where}`;
}

// One engine run: start the engine on the schema and a database, hand it to a command, and
// always clean up (pools, temporary databases), whatever the command did.

import { readFile } from "node:fs/promises";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SchemaEngine, SchemasContainer } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MigrationAdapterFactory } from "./adapter-factory.js";
import { parseDatabaseUrl, type DatabaseTarget } from "./database-url.js";
import { describeEngineError } from "./engine-errors.js";
import { startSchemaEngine } from "./load-engine.js";
import { ShadowDatabases } from "./shadow-db.js";

export interface SessionOptions {
  readonly databaseUrl: string;
  readonly schemaPath: string;
  /** Print the engine's own log lines (JSON) on stderr. */
  readonly verbose: boolean;
}

export interface Session {
  readonly engine: SchemaEngine;
  /** The schema file(s), in the shape the engine's `schema` parameters take. */
  readonly schema: SchemasContainer;
  /** DATABASE_URL's database, even when the engine works on a scratch database. */
  readonly target: DatabaseTarget;
}

export async function withSchemaEngine<T>(
  options: SessionOptions & {
    /**
     * Run the engine on a new, empty database on the same server instead of DATABASE_URL's,
     * which then only provides the server and credentials.
     */
    readonly scratchDatabase?: boolean;
  },
  run: (session: Session) => Promise<T>,
): Promise<T> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const schemaText = await readFile(options.schemaPath, "utf8").catch((error: unknown) => {
    throw new Error(`Cannot read the Prisma schema at ${options.schemaPath}`, { cause: error });
  });
  const temporaryDatabases = new ShadowDatabases(target);
  try {
    const engineTarget = options.scratchDatabase === true ? await temporaryDatabases.create() : target;
    const factory = new MigrationAdapterFactory(engineTarget, temporaryDatabases);
    const schema: SchemasContainer = { files: [{ path: options.schemaPath, content: schemaText }] };
    return await runEngine(options, schemaText, factory, (engine) => run({ engine, schema, target }));
  } finally {
    await temporaryDatabases.dropAll();
  }
}

async function runEngine<T>(
  options: SessionOptions,
  schemaText: string,
  factory: MigrationAdapterFactory,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await startSchemaEngine({
      schemaPath: options.schemaPath,
      schemaText,
      factory: bound,
      onLog: (line) => {
        if (options.verbose) process.stderr.write(`${line.trimEnd()}\n`);
      },
    });
    return await run(engine);
  } catch (error) {
    throw new Error(describeEngineError(error, bound.errorRegistry, options.verbose), { cause: error });
  } finally {
    try {
      engine?.free();
    } catch {
      // Freeing fails once the engine has panicked; the process is about to exit anyway.
    }
    await factory.disposeAll();
  }
}

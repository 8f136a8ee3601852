// The adapter factory handed to the schema engine. It must be a factory, not a connected
// adapter: the engine calls connect() for the main database and connectToShadowDb() each time it
// needs to replay migrations.

import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { adapterOptions, poolConfig, type DatabaseTarget } from "./database-url.js";
import { MigrationPgAdapter } from "./pg-adapter.js";
import type { ShadowDatabases } from "./shadow-db.js";

export class MigrationAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;
  readonly #adapters: MigrationPgAdapter[] = [];

  constructor(
    private readonly main: DatabaseTarget,
    private readonly shadowDatabases: ShadowDatabases,
  ) {
    this.adapterName = new PrismaPg(poolConfig(main)).adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const inner = await new PrismaPg(poolConfig(this.main), adapterOptions(this.main)).connect();
    return this.#track(new MigrationPgAdapter(inner));
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await this.shadowDatabases.create();
    try {
      const inner = await new PrismaPg(poolConfig(shadow), adapterOptions(shadow)).connect();
      return this.#track(new MigrationPgAdapter(inner, () => this.shadowDatabases.drop(shadow.database)));
    } catch (error) {
      await this.shadowDatabases.drop(shadow.database);
      throw error;
    }
  }

  /**
   * Closes every pool this factory opened, which drops their shadow databases. The engine
   * disposes of its adapters when it is done with them, but not on every error path.
   */
  async disposeAll(): Promise<void> {
    await Promise.allSettled(this.#adapters.map((adapter) => adapter.dispose()));
  }

  #track(adapter: MigrationPgAdapter): MigrationPgAdapter {
    this.#adapters.push(adapter);
    return adapter;
  }
}

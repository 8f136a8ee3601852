import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { runMigrations } from "@/scripts/run-migrations";

// Vitest global setup for integration tests: a PostgreSQL server (TEST_DATABASE_URL, a URL with
// CREATEDB rights on a server of yours, or else an embedded one in a temporary directory) and a
// template database migrated with the real migrations and seeded with the plan catalog.

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the server's maintenance database, for CREATE/DROP DATABASE. */
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stopServer = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir });
    adminUrl = server.url("postgres");
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }

  const template = `billing_template_${process.pid}`;
  await admin(adminUrl, `DROP DATABASE IF EXISTS ${template}`, `CREATE DATABASE ${template}`);
  const templateUrl = withDatabase(adminUrl, template);
  await runMigrations(templateUrl);
  const { installJobQueue } = await import("@/lib/jobs/queue");
  await installJobQueue(templateUrl);

  // The catalog is reference data every test expects; seed it once into the template.
  process.env.DATABASE_URL = templateUrl;
  const { upsertCatalog } = await import("@/lib/billing/catalog");
  const { disconnectDb } = await import("@/lib/db");
  await upsertCatalog();
  await disconnectDb();

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await stopServer();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function admin(adminUrl: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

import fs from "node:fs/promises";
import path from "node:path";
import { db } from "@/lib/db";

// What GET /api/health reports: the database answers and every migration in prisma/migrations
// has been applied (and none failed). Anything else is "unhealthy", so a load balancer or an
// orchestrator keeps traffic away from an instance that would fail requests.

export interface HealthReport {
  status: "ok" | "unhealthy";
  database: "reachable" | "unreachable";
  migrations: { expected: number; applied: number; pending: string[]; failed: string[] } | null;
  version: string;
}

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export async function checkHealth(version: string): Promise<HealthReport> {
  let rows: { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[];
  try {
    rows = await db.$queryRaw`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`;
  } catch {
    // Unreachable, or reachable but never migrated (no _prisma_migrations table).
    const reachable = await db.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    return {
      status: "unhealthy",
      database: reachable ? "reachable" : "unreachable",
      migrations: null,
      version,
    };
  }
  const expected = await listMigrations();
  const applied = new Set(
    rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name),
  );
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  const pending = expected.filter((name) => !applied.has(name));
  return {
    status: pending.length === 0 && failed.length === 0 ? "ok" : "unhealthy",
    database: "reachable",
    migrations: { expected: expected.length, applied: applied.size, pending, failed },
    version,
  };
}

async function listMigrations(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

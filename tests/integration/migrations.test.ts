import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { TSX } from "@/scripts/run-migrations";

const MIGRATIONS = path.resolve("prisma/migrations");

function prismaMigrate(...args: string[]) {
  return spawnSync(TSX, ["scripts/prisma-migrate.ts", ...args], { env: process.env, encoding: "utf8" });
}

describe("migrations", () => {
  it("produce exactly the schema in schema.prisma (no drift)", () => {
    const result = prismaMigrate("diff", "--exit-code");
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  });

  it("would report drift if schema.prisma changed without a migration", () => {
    // The check above must be able to fail: a schema with one more column differs.
    const changed = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "schema-")), "schema.prisma");
    const schema = fs.readFileSync("prisma/schema.prisma", "utf8");
    fs.writeFileSync(
      changed,
      schema.replace("telegramChatId String?", "telegramChatId String?\n  nickname String?"),
    );
    const result = prismaMigrate("diff", "--exit-code", "--schema", changed);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('ADD COLUMN     "nickname" TEXT');
  });

  it("are recorded in _prisma_migrations the way Prisma Migrate records them", async () => {
    const rows = await db.$queryRaw<{ migration_name: string; checksum: string; finished_at: Date | null }[]>`
      SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
    const directories = fs
      .readdirSync(MIGRATIONS)
      .filter((name) => fs.statSync(path.join(MIGRATIONS, name)).isDirectory());
    expect(rows.map((row) => row.migration_name)).toEqual(directories.sort());
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it("report the database as up to date", () => {
    const result = prismaMigrate("status");
    expect(result.status).toBe(0);
  });
});

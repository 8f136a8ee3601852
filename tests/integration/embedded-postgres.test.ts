import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { DataDirBusyError, startEmbeddedPostgres } from "@/lib/embedded-postgres";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "billing-embedded-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("embedded PostgreSQL", () => {
  it("refuses a second owner of the same data directory, and keeps the data", async () => {
    const server = await startEmbeddedPostgres({ dataDir });
    try {
      await query(server.url(), "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(DataDirBusyError);
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already in use by process \d+/);
    } finally {
      await server.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(again.url(), "SELECT value FROM kept")).toEqual([{ value: "still here" }]);
    } finally {
      await again.stop();
    }
  });

  it.each([
    ["a process that died", "999999999"],
    ["an earlier life of this pid (a restarted container)", String(process.pid)],
    ["a writer that died before writing", ""],
  ])("takes over a lock left behind by %s", async (_case, content) => {
    fs.writeFileSync(path.join(dataDir, "postgres.lock"), content);
    const server = await startEmbeddedPostgres({ dataDir });
    expect(fs.readFileSync(path.join(dataDir, "postgres.lock"), "utf8")).toBe(String(process.pid));
    await server.stop();
    expect(fs.existsSync(path.join(dataDir, "postgres.lock"))).toBe(false);
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    return Array.isArray(result) ? [] : result.rows;
  } finally {
    await client.end();
  }
}

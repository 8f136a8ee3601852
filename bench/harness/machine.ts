import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

// What the figures were measured on: they only mean something next to this.

export interface MachineInfo {
  cpuModel: string;
  nproc: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  next: string;
  prismaClient: string;
  pg: string;
}

function packageVersion(root: string, name: string): string {
  try {
    const json = JSON.parse(
      fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"),
    ) as {
      version?: string;
    };
    return json.version ?? "?";
  } catch {
    return "?";
  }
}

export async function machineInfo(root: string, pool: pg.Pool): Promise<MachineInfo> {
  let cpuModel = os.cpus()[0]?.model ?? "unknown";
  try {
    const line = fs
      .readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    if (line) cpuModel = line.split(":").slice(1).join(":").trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  const settings = await pool.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
     WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections', 'wal_level', 'full_page_writes')`,
  );
  const version = await pool.query<{ server_version: string }>("SHOW server_version");
  return {
    cpuModel,
    nproc: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: version.rows[0]?.server_version ?? "?",
    postgresSettings: Object.fromEntries(
      settings.rows.map((row) => [row.name, row.unit ? `${row.setting} × ${row.unit}` : row.setting]),
    ),
    next: packageVersion(root, "next"),
    prismaClient: packageVersion(root, "@prisma/client"),
    pg: packageVersion(root, "pg"),
  };
}

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/**
 * Applies pending migrations to `databaseUrl` with the WebAssembly schema engine. It runs as a
 * child process because the engine leaves timers behind that would keep this process alive.
 */
export function runMigrations(databaseUrl: string, args: string[] = ["deploy"]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, "scripts", "prisma-migrate.ts"), ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma-migrate ${args.join(" ")} exited with ${code}`)),
    );
  });
}

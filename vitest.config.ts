import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    // The app logs nothing in tests unless asked (LOG_LEVEL=debug npx vitest …); `npm test` logs
    // the whole run to a file at trace and checks it for secrets (tests/faults/secrets-in-logs).
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          // One PostgreSQL server for the run; every test file gets its own database, cloned
          // from a migrated template, so files run in parallel without seeing each other.
          globalSetup: ["tests/setup/database-server.ts"],
          setupFiles: ["tests/setup/test-database.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        // After the rest (scripts/test.sh): they read the whole run's log and the production build.
        // Each file starts its own PostgreSQL and app processes (tests/faults/harness.ts): one file
        // at a time, with room for a server to start and a fault to heal on 2 cores.
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          environment: "node",
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});

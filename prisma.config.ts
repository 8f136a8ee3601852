import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

// `prisma generate`, `validate` and `format` need no engine; everything that would need the
// native schema engine goes through the WebAssembly engine (scripts/prisma-migrate.ts). Point the
// CLI at a stub that fails loudly, so it neither tries to download nor pretends to succeed.
// Where the native engine is available, set PRISMA_SCHEMA_ENGINE_BINARY yourself and
// `prisma migrate deploy` works on the same migrations.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "scripts",
  "schema-engine-stub.sh",
);

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "",
  },
});

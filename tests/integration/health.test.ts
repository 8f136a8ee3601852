import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { db, disconnectDb } from "@/lib/db";

describe("GET /api/health", () => {
  const databaseUrl = process.env.DATABASE_URL;
  afterEach(async () => {
    await disconnectDb();
    process.env.DATABASE_URL = databaseUrl;
  });

  it("is 200 when the database answers and every migration is applied", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ok",
      database: "reachable",
      migrations: { pending: [], failed: [] },
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("is 503 and names the migration when one is not applied", async () => {
    const [latest] = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    await db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE migration_name = ${latest!.migration_name}`;
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "unhealthy",
      migrations: { pending: [latest!.migration_name] },
    });
  });

  it("is 503 when the database cannot be reached, without leaking the URL", async () => {
    await disconnectDb();
    process.env.DATABASE_URL = "postgresql://billing:secret-password@127.0.0.1:1/billing";
    const response = await GET();
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: "unhealthy", database: "unreachable" });
    expect(text).not.toContain("secret-password");
  });
});

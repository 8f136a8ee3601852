import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticateApiKey } from "@/lib/billing/api-keys/authenticate";
import { createApiKey, revokeApiKey } from "@/lib/billing/api-keys/keys";
import { listApiKeys } from "@/lib/billing/api-keys/queries";
import { DISPLAY_PREFIX_LENGTH, generateApiKey } from "@/lib/billing/api-keys/secret";
import { db } from "@/lib/db";
import { customer } from "./helpers";

// API keys for /api/v1: shown once, stored as a hash, checked on every request, revoked at once.

const newKey = (scopes: ("operations" | "usage" | "customers")[] = ["operations"], name = "bot") =>
  createApiKey({ name, scopes, createdById: null });

/** Counts the UPDATEs that change an ApiKey row (this file's database only). */
beforeAll(async () => {
  await db.$executeRawUnsafe(`CREATE TABLE api_key_writes (id text NOT NULL)`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION count_api_key_write() RETURNS trigger AS $$
    BEGIN INSERT INTO api_key_writes VALUES (NEW.id); RETURN NEW; END $$ LANGUAGE plpgsql`);
  await db.$executeRawUnsafe(`
    CREATE TRIGGER count_api_key_writes AFTER UPDATE ON "ApiKey"
    FOR EACH ROW EXECUTE FUNCTION count_api_key_write()`);
});
const writesTo = async (id: string) =>
  Number(
    (await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM api_key_writes WHERE id = ${id}`)[0]!.n,
  );
const lastUsedAt = async (id: string) =>
  (await db.apiKey.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt;

describe("creating a key", () => {
  it("answers the key once, as bk_ + 43 base64url characters, with a record of what is stored", async () => {
    const admin = await customer("key-admin");
    const { key, record } = await createApiKey({
      name: "Telegram bot",
      scopes: ["operations", "usage", "operations"],
      createdById: admin.id,
    });
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({
      name: "Telegram bot",
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      scopes: ["operations", "usage"],
      createdById: admin.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(record).not.toHaveProperty("hash");
    expect(await authenticateApiKey(key)).toEqual({
      id: record.id,
      name: "Telegram bot",
      scopes: ["operations", "usage"],
    });
  });

  it("stores no part of the key beyond its prefix: only the SHA-256 of the whole key", async () => {
    const { key, record } = await newKey(["customers"], "storage check");
    const [row] = await db.$queryRaw<
      Record<string, unknown>[]
    >`SELECT * FROM "ApiKey" WHERE id = ${record.id}`;
    expect(row!.hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(row!.prefix).toBe(key.slice(0, 10));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(key);
    const secret = key.slice(DISPLAY_PREFIX_LENGTH);
    for (let start = 0; start + 8 <= secret.length; start++) {
      expect(stored, `stored row contains ${secret.slice(start, start + 8)}`).not.toContain(
        secret.slice(start, start + 8),
      );
    }
  });

  it("needs at least one scope", async () => {
    await expect(newKey([])).rejects.toThrow(/at least one scope/);
  });

  it("lists keys with their creator and without their hash, active ones first", async () => {
    const admin = await customer("lister");
    const { record: revoked } = await createApiKey({ name: "old", scopes: ["usage"], createdById: admin.id });
    await revokeApiKey(revoked.id);
    const { record: active } = await createApiKey({ name: "new", scopes: ["usage"], createdById: admin.id });
    const keys = await listApiKeys();
    const ids = keys.map((key) => key.id);
    expect(ids.indexOf(active.id)).toBeLessThan(ids.indexOf(revoked.id));
    const listed = keys.find((key) => key.id === active.id)!;
    expect(listed.createdByEmail).toBe(admin.email);
    expect(Object.keys(listed)).not.toContain("hash");
    const lastActive = keys.findLastIndex((key) => !key.revokedAt);
    const firstRevoked = keys.findIndex((key) => key.revokedAt);
    expect(lastActive).toBeLessThan(firstRevoked);
  });
});

describe("authenticating a bearer token", () => {
  it("refuses a missing, malformed, unknown or altered key", async () => {
    const { key } = await newKey();
    const altered = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    for (const token of [
      null,
      undefined,
      "",
      "bk_",
      "Bearer",
      `${key} `,
      key.slice(0, -1),
      generateApiKey(),
      altered,
    ]) {
      expect(await authenticateApiKey(token), String(token)).toBeNull();
    }
  });

  it("refuses a revoked key from the very next call", async () => {
    const { key, record } = await newKey();
    expect(await authenticateApiKey(key)).not.toBeNull();
    expect(await revokeApiKey(record.id)).toMatchObject({ kind: "revoked", record: { id: record.id } });
    expect(await authenticateApiKey(key)).toBeNull();
    const first = await db.apiKey.findUniqueOrThrow({ where: { id: record.id } });
    expect(await revokeApiKey(record.id)).toMatchObject({ kind: "already_revoked" });
    // Revoking again keeps the first time.
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: record.id } })).revokedAt).toEqual(
      first.revokedAt,
    );
    expect(await revokeApiKey("no-such-key")).toEqual({ kind: "not_found" });
  });

  it("sees a change of scopes on the next call (nothing is cached)", async () => {
    const { key, record } = await newKey(["usage"]);
    expect((await authenticateApiKey(key))?.scopes).toEqual(["usage"]);
    await db.apiKey.update({ where: { id: record.id }, data: { scopes: ["usage", "customers"] } });
    expect((await authenticateApiKey(key))?.scopes).toEqual(["usage", "customers"]);
  });
});

describe("lastUsedAt", () => {
  it("is written on first use, then at most once a minute however hot the key", async () => {
    const { key, record } = await newKey();
    const before = new Date();
    await authenticateApiKey(key);
    const first = await lastUsedAt(record.id);
    expect(first).not.toBeNull();
    expect(Math.abs(first!.getTime() - before.getTime())).toBeLessThan(5_000);
    expect(await writesTo(record.id)).toBe(1);

    for (let i = 0; i < 10; i++) await authenticateApiKey(key);
    await Promise.all(Array.from({ length: 20 }, () => authenticateApiKey(key)));
    expect(await writesTo(record.id)).toBe(1);
    expect(await lastUsedAt(record.id)).toEqual(first);
  });

  it("is written again once it is over a minute old, by one of many concurrent calls", async () => {
    const { key, record } = await newKey();
    await db.$executeRaw`
      UPDATE "ApiKey" SET "lastUsedAt" = (now() AT TIME ZONE 'UTC') - interval '61 seconds' WHERE id = ${record.id}`;
    const stale = await lastUsedAt(record.id);
    const writesBefore = await writesTo(record.id);
    const answers = await Promise.all(Array.from({ length: 20 }, () => authenticateApiKey(key)));
    expect(answers.every((answer) => answer?.id === record.id)).toBe(true);
    expect(await writesTo(record.id)).toBe(writesBefore + 1);
    const fresh = await lastUsedAt(record.id);
    expect(fresh!.getTime() - stale!.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(Math.abs(fresh!.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it("is not written for a revoked key", async () => {
    const { key, record } = await newKey();
    await revokeApiKey(record.id);
    const writesBefore = await writesTo(record.id);
    expect(await authenticateApiKey(key)).toBeNull();
    expect(await writesTo(record.id)).toBe(writesBefore);
    expect(await lastUsedAt(record.id)).toBeNull();
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import { closeRateLimits, createRateLimits, limit, RATE_LIMITS, type RateLimits } from "@/lib/rate-limit";

// The limits on the real "RateLimit" table of this file's database (created by the migrations).
// Every test uses fresh keys: an instance remembers the keys it has refused until their window ends.

const N = RATE_LIMITS["webhook-rejected"].points;
const WINDOW = RATE_LIMITS["webhook-rejected"].durationSeconds;
const opened: RateLimits[] = [];

/** Another app instance: its own limiter on its own pool. */
function instance(url = process.env.DATABASE_URL!): RateLimits {
  const limits = createRateLimits(url);
  opened.push(limits);
  return limits;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((limits) => limits.close()));
  vi.restoreAllMocks();
});

afterAll(async () => {
  await closeRateLimits();
});

function address() {
  return `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
}

describe("rate limits", () => {
  it(`allows ${N} requests in the window, then answers limited until it ends`, async () => {
    const key = address();
    for (let i = 1; i <= N; i++) {
      expect(await limit("webhook-rejected", key)).toEqual({ kind: "allowed", remaining: N - i });
    }
    const refused = await limit("webhook-rejected", key);
    expect(refused.kind).toBe("limited");
    if (refused.kind !== "limited") return;
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(WINDOW - 5);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(WINDOW);

    const row = await db.rateLimit.findUniqueOrThrow({ where: { key: `webhook-rejected:${key}` } });
    expect(row.points).toBe(N + 1);
    expect(Number(row.expire) - Date.now()).toBeGreaterThan((WINDOW - 5) * 1000);
  });

  it("counts requests on two app instances (two pools) in one allowance", async () => {
    const [a, b] = [instance(), instance()];
    const key = address();
    for (let i = 0; i < N; i++) {
      const answer = await (i % 2 === 0 ? a : b).limit("webhook-rejected", key);
      expect(answer).toEqual({ kind: "allowed", remaining: N - 1 - i });
    }
    expect((await a.limit("webhook-rejected", key)).kind).toBe("limited");
    expect((await b.limit("webhook-rejected", key)).kind).toBe("limited");
  });

  it(`lets exactly ${N} of 50 simultaneous requests through, across two instances`, async () => {
    const [a, b] = [instance(), instance()];
    const key = address();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).limit("webhook-rejected", key)),
    );
    const allowed = answers.filter((answer) => answer.kind === "allowed");
    expect(allowed).toHaveLength(N);
    expect(answers.filter((answer) => answer.kind === "limited")).toHaveLength(50 - N);
    // Each allowed request saw a different count: no two were counted as the same one.
    expect(new Set(allowed.map((answer) => answer.remaining)).size).toBe(N);
  });

  it("keeps each key's count apart", async () => {
    const [busy, quiet] = [address(), address()];
    for (let i = 0; i <= N; i++) await limit("webhook-rejected", busy);
    expect((await limit("webhook-rejected", busy)).kind).toBe("limited");
    expect(await limit("webhook-rejected", quiet)).toEqual({ kind: "allowed", remaining: N - 1 });
  });

  it("counts keys longer than the column, or with characters PostgreSQL refuses, apart and correctly", async () => {
    const long = "x".repeat(1000);
    const [one, other] = [`${long}-${randomUUID()}`, `${long}-${randomUUID()}`];
    expect(await limit("webhook-rejected", one)).toEqual({ kind: "allowed", remaining: N - 1 });
    expect(await limit("webhook-rejected", one)).toEqual({ kind: "allowed", remaining: N - 2 });
    expect(await limit("webhook-rejected", other)).toEqual({ kind: "allowed", remaining: N - 1 });

    const odd = `nul\u0000byte ünïcödé ${randomUUID()}`;
    expect(await limit("webhook-rejected", odd)).toEqual({ kind: "allowed", remaining: N - 1 });
    expect(await limit("webhook-rejected", odd)).toEqual({ kind: "allowed", remaining: N - 2 });
    // No store failure hid behind those answers: the rows are there, keyed by a hash.
    const rows = await db.rateLimit.findMany({ where: { key: { startsWith: "webhook-rejected:sha256:" } } });
    expect(rows.map((row) => row.points).sort()).toEqual([1, 2, 2]);
  });

  it("starts a new allowance when the window has ended", async () => {
    const [key, before] = [address(), instance()];
    for (let i = 0; i <= N; i++) await before.limit("webhook-rejected", key);
    await db.rateLimit.update({
      where: { key: `webhook-rejected:${key}` },
      data: { expire: BigInt(Date.now() - 1) },
    });
    // Another instance: the one that refused the key remembers that until the window it saw ends.
    expect(await instance().limit("webhook-rejected", key)).toEqual({ kind: "allowed", remaining: N - 1 });
  });

  it("fails open when the database cannot be reached, and says so once", async () => {
    const errors = vi.spyOn(logger("rate-limit"), "error").mockImplementation(() => {});
    const unreachable = instance("postgresql://billing:secret@127.0.0.1:1/billing");
    for (let i = 0; i < 3; i++) {
      expect(await unreachable.limit("webhook-rejected", "198.51.100.7")).toEqual({
        kind: "allowed",
        remaining: N,
      });
    }
    expect(errors).toHaveBeenCalledOnce();
    const [fields, message] = errors.mock.calls[0] as unknown as [{ err: Error }, string];
    expect(`${message} ${fields.err.message} ${fields.err.stack}`).not.toContain("secret");
  });
});

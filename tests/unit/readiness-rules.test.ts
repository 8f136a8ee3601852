import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { isExternalDatabase, isLoopbackUrl, providerReasons, providerSetups } from "@/lib/readiness";

// The provider rules of GET /api/ready (lib/readiness.ts): a provider is "configured" (keys, a
// real API), an "emulator" (keys, an API base on a loopback address) or "missing"; an instance is
// not ready with no provider at all, or with an emulator beside an external database in production.

const SECRET = "x".repeat(32);
const STRIPE = { STRIPE_SECRET_KEY: "sk_test_1234", STRIPE_WEBHOOK_SECRET: "whsec_1234" };
const EXTERNAL = "postgresql://billing:pw@db.internal:5432/billing";
const LOCAL = "postgresql://postgres:pw@127.0.0.1:54329/billing";

describe("provider setups", () => {
  it("tells real keys from an emulator and from no keys", () => {
    expect(providerSetups(parseEnv({ AUTH_SECRET: SECRET }))).toEqual({
      cryptocloud: "missing",
      stripe: "missing",
      yookassa: "missing",
    });
    expect(
      providerSetups(
        parseEnv({
          AUTH_SECRET: SECRET,
          ...STRIPE,
          YOOKASSA_SHOP_ID: "1",
          YOOKASSA_SECRET_KEY: "test_1",
          YOOKASSA_API_BASE: "http://localhost:4020/v3",
          CRYPTOCLOUD_API_KEY: "k",
          CRYPTOCLOUD_SHOP_ID: "s",
          CRYPTOCLOUD_SECRET_KEY: "c",
          CRYPTOCLOUD_API_BASE: "http://[::1]:4010/v2",
        }),
      ),
    ).toEqual({ cryptocloud: "emulator", stripe: "configured", yookassa: "emulator" });
  });
});

describe("provider reasons", () => {
  const emulated = { cryptocloud: "emulator", stripe: "emulator", yookassa: "missing" } as const;

  it("refuse an instance with no provider at all", () => {
    const none = { cryptocloud: "missing", stripe: "missing", yookassa: "missing" } as const;
    expect(providerReasons(none, { NODE_ENV: "development", DATABASE_URL: LOCAL })).toEqual([
      "no payment provider is configured",
    ]);
  });

  it("refuse emulators beside an external database in production", () => {
    expect(providerReasons(emulated, { NODE_ENV: "production", DATABASE_URL: EXTERNAL })).toEqual([
      "payment emulator in use (cryptocloud, stripe: API base on a loopback address) with an external database in production",
    ]);
  });

  it("accept the embedded demo, development, and real providers", () => {
    expect(providerReasons(emulated, { NODE_ENV: "production", DATABASE_URL: LOCAL })).toEqual([]);
    expect(providerReasons(emulated, { NODE_ENV: "development", DATABASE_URL: EXTERNAL })).toEqual([]);
    const real = { cryptocloud: "configured", stripe: "missing", yookassa: "configured" } as const;
    expect(providerReasons(real, { NODE_ENV: "production", DATABASE_URL: EXTERNAL })).toEqual([]);
  });

  it("know loopback from other addresses", () => {
    expect(isLoopbackUrl("http://127.0.0.1:12111")).toBe(true);
    expect(isLoopbackUrl("http://localhost:4010/v2")).toBe(true);
    expect(isLoopbackUrl("http://[::1]:4010")).toBe(true);
    expect(isLoopbackUrl("https://api.stripe.com")).toBe(false);
    expect(isLoopbackUrl("https://127.0.0.1.example.com")).toBe(false);
    expect(isExternalDatabase(EXTERNAL)).toBe(true);
    expect(isExternalDatabase(LOCAL)).toBe(false);
    expect(isExternalDatabase("postgresql://u@localhost/db")).toBe(false);
    expect(isExternalDatabase("postgresql:///billing?host=/var/run/postgresql")).toBe(false);
    expect(isExternalDatabase(undefined)).toBe(false);
  });
});

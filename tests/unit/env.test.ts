import { describe, expect, it } from "vitest";
import { EnvError, parseDatabaseEnv, parseEnv } from "@/lib/env";

const SECRET = "x".repeat(32);

describe("environment validation", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET });
    expect(env).toMatchObject({
      APP_URL: "http://localhost:3000",
      ADMIN_EMAIL: "admin@example.com",
      DATA_DIR: ".data",
      PORT: 3000,
      NODE_ENV: "development",
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("puts the app's default URL on the port it listens on, unless APP_URL says otherwise", () => {
    expect(parseEnv({ AUTH_SECRET: SECRET, PORT: "3055" }).APP_URL).toBe("http://localhost:3055");
    expect(
      parseEnv({ AUTH_SECRET: SECRET, PORT: "3055", APP_URL: "https://billing.example.com" }).APP_URL,
    ).toBe("https://billing.example.com");
  });

  it("names every invalid variable in one readable error", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", APP_URL: "not a url", ADMIN_EMAIL: "nobody", PORT: "99999" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain("AUTH_SECRET is required");
    expect(message).toContain("DATABASE_URL must be a postgresql:// connection URL");
    expect(message).toContain("APP_URL must be an absolute URL");
    expect(message).toContain("ADMIN_EMAIL must be an email address");
    expect(message).toContain("PORT");
  });

  it("never echoes a rejected value, which may be a secret", () => {
    expect(() => parseEnv({ AUTH_SECRET: "short-but-secret" })).toThrow(/AUTH_SECRET must be at least 32/);
    try {
      parseEnv({ AUTH_SECRET: "short-but-secret" });
    } catch (error) {
      expect((error as Error).message).not.toContain("short-but-secret");
    }
  });

  it("takes pino's log levels in any case, info by default, and refuses others", () => {
    expect(parseEnv({ AUTH_SECRET: SECRET }).LOG_LEVEL).toBe("info");
    expect(parseEnv({ AUTH_SECRET: SECRET, LOG_LEVEL: "Debug" }).LOG_LEVEL).toBe("debug");
    expect(() => parseEnv({ AUTH_SECRET: SECRET, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL must be one of/);
  });

  it("treats an empty value as unset", () => {
    expect(
      parseEnv({ AUTH_SECRET: SECRET, DATABASE_URL: "", ADMIN_PASSWORD: "" }).DATABASE_URL,
    ).toBeUndefined();
  });

  it("needs no AUTH_SECRET just to find the database", () => {
    expect(parseDatabaseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/billing" }).DATABASE_URL).toBe(
      "postgresql://u:p@db:5432/billing",
    );
  });
});

import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { metricsAccess } from "@/lib/metrics/token";

// Who may read the metrics: METRICS_TOKEN as a bearer token; unset, nobody (the endpoint is off).

const TOKEN = "a-metrics-token-0123456789";

describe("metrics access", () => {
  it("is disabled without a token configured, whatever is presented", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, undefined)).toEqual({ kind: "disabled" });
    expect(metricsAccess(null, "")).toEqual({ kind: "disabled" });
  });

  it("is allowed only for the exact bearer token", () => {
    expect(metricsAccess(`Bearer ${TOKEN}`, TOKEN)).toEqual({ kind: "allowed" });
    expect(metricsAccess(`bearer ${TOKEN}`, TOKEN)).toEqual({ kind: "allowed" });
    for (const presented of [
      null,
      "",
      "Bearer",
      `Bearer ${TOKEN}0`,
      `Bearer ${TOKEN.slice(1)}`,
      TOKEN,
      `Basic ${TOKEN}`,
    ]) {
      expect(metricsAccess(presented, TOKEN), String(presented)).toEqual({ kind: "denied" });
    }
  });
});

describe("METRICS_TOKEN and WORKER_METRICS_PORT", () => {
  const SECRET = "x".repeat(32);

  it("take a token of 16 characters or more, and a port with it", () => {
    const env = parseEnv({ AUTH_SECRET: SECRET, METRICS_TOKEN: TOKEN, WORKER_METRICS_PORT: "9464" });
    expect(env).toMatchObject({ METRICS_TOKEN: TOKEN, WORKER_METRICS_PORT: 9464 });
    expect(parseEnv({ AUTH_SECRET: SECRET }).METRICS_TOKEN).toBeUndefined();
  });

  it("refuse a short token, and a worker port without a token", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET, METRICS_TOKEN: "short" })).toThrow(
      /METRICS_TOKEN must be at least 16 characters/,
    );
    expect(() => parseEnv({ AUTH_SECRET: SECRET, WORKER_METRICS_PORT: "9464" })).toThrow(EnvError);
    expect(() => parseEnv({ AUTH_SECRET: SECRET, WORKER_METRICS_PORT: "9464" })).toThrow(
      /METRICS_TOKEN is required when WORKER_METRICS_PORT is set/,
    );
  });
});

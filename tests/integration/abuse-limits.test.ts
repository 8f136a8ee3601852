// First: Next's route machinery sets up its AsyncLocalStorage, which next/headers (imported by the
// registration action below) must find in place when it loads.
import { authRoute } from "./auth-route";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAction } from "@/app/register/actions";
import { POST as createCustomer } from "@/app/api/v1/customers/route";
import { authenticate } from "@/lib/auth/credentials";
import { authRouteHandler } from "@/lib/auth/route-handler";
import { TOO_MANY_ATTEMPTS } from "@/lib/auth/throttle";
import { createApiKey } from "@/lib/billing/api-keys/keys";
import { db } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER, trustClientAddressHeader } from "@/lib/http/client-address";
import { RATE_LIMITS } from "@/lib/rate-limit";
import { createUser } from "@/lib/users";
import { testRequest } from "../support/test-request";

// The per-address and per-key limits, on the real "RateLimit" table (lib/rate-limit.ts): sign-in
// and registration per client address, /api/v1 per key and per address for bad keys. Each test
// uses its own addresses, so the counts of one never reach another. Long allowances are not spent
// request by request: the test writes the counter row as if they had been (the limiter reads it
// like any other), then makes the one request over the limit.

const PASSWORD = "right password";
const SIGN_IN = RATE_LIMITS["sign-in-address"];
const REGISTER = RATE_LIMITS["register-address"];

let addressCounter = 0;
/** A fresh documentation address (198.18.0.0/15, benchmarking) per call. */
function nextAddress(): string {
  addressCounter += 1;
  return `198.18.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

/** Writes a limit's counter as if `points` requests had been counted in a window ending in `seconds`. */
async function spend(name: keyof typeof RATE_LIMITS, key: string, points: number, seconds: number) {
  await db.rateLimit.create({
    data: { key: `${name}:${key}`, points, expire: BigInt(Date.now() + seconds * 1000) },
  });
}

/** The seconds of the TooManyRequests refusal `attempt` must end in. */
async function refusedFor(attempt: Promise<unknown>): Promise<number> {
  const message = await attempt.then(
    () => "signed in",
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  expect(message).toMatch(/^TooManyRequests:\d+$/);
  return Number(message.split(":")[1]);
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const previousNextAuthUrl = process.env.NEXTAUTH_URL;
beforeAll(() => {
  trustClientAddressHeader();
  // As scripts/serve.ts sets it for the app.
  process.env.NEXTAUTH_URL = "http://localhost:3000";
});
afterAll(() => {
  trustClientAddressHeader(false);
  process.env.NEXTAUTH_URL = previousNextAuthUrl;
});

describe("sign-in attempts per client address", () => {
  it(`refuses a spray over many emails after ${SIGN_IN.points} attempts, while another address signs in`, async () => {
    const sprayer = nextAddress();
    const victim = `victim-${randomUUID()}@example.com`;
    await createUser({ email: victim, password: PASSWORD });

    const started = Date.now();
    for (let i = 0; i < SIGN_IN.points; i++) {
      const email = `spray-${i}-${randomUUID()}@example.com`;
      await expect(
        authenticate({ email, password: "Winter2026!" }, { address: sprayer }),
      ).resolves.toBeNull();
    }
    // Over the limit: refused before any password is checked, even the right one for a real account,
    // and without touching that email's own throttle.
    const seconds = await refusedFor(
      authenticate({ email: victim, password: PASSWORD }, { address: sprayer }),
    );
    // The window started with the first attempt.
    expect(seconds).toBeGreaterThanOrEqual(
      SIGN_IN.durationSeconds - Math.ceil((Date.now() - started) / 1000) - 1,
    );
    expect(seconds).toBeLessThanOrEqual(SIGN_IN.durationSeconds);
    expect(await db.loginThrottle.count({ where: { key: victim } })).toBe(0);
    // The next spray email is refused as well, and gets no throttle row either.
    const another = `spray-over-${randomUUID()}@example.com`;
    await refusedFor(authenticate({ email: another, password: "Winter2026!" }, { address: sprayer }));
    expect(await db.loginThrottle.count({ where: { key: another } })).toBe(0);

    await expect(
      authenticate({ email: victim, password: PASSWORD }, { address: nextAddress() }),
    ).resolves.toMatchObject({ email: victim });
  }, 120_000);

  it("gives a successful sign-in's point back: people who know their password are never counted", async () => {
    const office = nextAddress();
    const email = `office-${randomUUID()}@example.com`;
    await createUser({ email, password: PASSWORD });
    for (let i = 0; i < SIGN_IN.points + 5; i++) {
      await expect(authenticate({ email, password: PASSWORD }, { address: office })).resolves.toMatchObject({
        email,
      });
    }
    const row = await db.rateLimit.findUniqueOrThrow({ where: { key: `sign-in-address:${office}` } });
    expect(row.points).toBe(0);
  }, 120_000);

  it("holds an address to its hourly cap, with the hour's wait", async () => {
    const patient = nextAddress();
    const { points, durationSeconds } = RATE_LIMITS["sign-in-address-hour"];
    await spend("sign-in-address-hour", patient, points, durationSeconds - 60);
    const seconds = await refusedFor(
      authenticate({ email: "any@example.com", password: "guess" }, { address: patient }),
    );
    expect(seconds).toBeGreaterThan(durationSeconds - 120);
  });

  it("counts the addresses of an IPv6 /64 as one client", async () => {
    const tag = randomUUID();
    const attempt = (i: number, address: string) =>
      authenticate({ email: `v6-${i}-${tag}@example.com`, password: "guess" }, { address });
    for (let i = 0; i < SIGN_IN.points; i++) {
      await expect(attempt(i, `2001:db8:5:1:${(i + 1).toString(16)}::7`)).resolves.toBeNull();
    }
    await refusedFor(attempt(100, "2001:db8:5:1:ffff::1"));
    await expect(attempt(101, "2001:db8:5:2::1")).resolves.toBeNull();
  }, 120_000);

  it("counts nothing for an address in ABUSE_LIMITS_EXEMPT", async () => {
    const office = nextAddress();
    process.env.ABUSE_LIMITS_EXEMPT = `${office}, 2001:db8:99::/48`;
    try {
      await spend("sign-in-address", office, SIGN_IN.points, 60);
      await expect(
        authenticate({ email: "x@example.com", password: "guess" }, { address: office }),
      ).resolves.toBeNull();
      testRequest.clientAddress = office;
      await spend("register-address", office, REGISTER.points, 600);
      const email = `exempt-${randomUUID()}@example.com`;
      expect(await registerAction(null, form({ email, password: PASSWORD }))).toMatchObject({ ok: true });
    } finally {
      delete process.env.ABUSE_LIMITS_EXEMPT;
    }
    await refusedFor(authenticate({ email: "x@example.com", password: "guess" }, { address: office }));
  });

  it("keeps the per-email lock for an address that is not limited", async () => {
    const email = `locked-${randomUUID()}@example.com`;
    await db.loginThrottle.create({
      data: {
        key: email,
        failures: 6,
        lastFailureAt: new Date(),
        lockedUntil: new Date(Date.now() + 60_000),
      },
    });
    await expect(authenticate({ email, password: "x" }, { address: nextAddress() })).rejects.toThrow(
      TOO_MANY_ATTEMPTS,
    );
  });
});

describe("the sign-in endpoint (POST /api/auth/callback/credentials)", () => {
  const call = authRoute(authRouteHandler);
  const email = `endpoint-${randomUUID()}@example.com`;
  beforeAll(() => createUser({ email, password: PASSWORD }));

  it("answers an address over its limit 429 with Retry-After, with the code the form shows", async () => {
    const address = nextAddress();
    await spend("sign-in-address", address, SIGN_IN.points, 42);
    const response = await call.signIn({ email, password: PASSWORD, json: true, address });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(40);
    expect(retryAfter).toBeLessThanOrEqual(42);
    const { url } = (await response.json()) as { url: string };
    expect(new URL(url).searchParams.get("error")).toBe(`TooManyRequests:${retryAfter}`);
    expect(call.setCookie(response, "next-auth.session-token")).toBeUndefined();
  });

  it("answers a wrong password as before, and signs in from an address under its limit", async () => {
    const address = nextAddress();
    const wrong = await call.signIn({ email, password: "wrong", json: true, address });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("retry-after")).toBeNull();
    const right = await call.signIn({ email, password: PASSWORD, json: true, address });
    expect(right.status).toBe(200);
    expect(call.setCookie(right, "next-auth.session-token")).toBeTruthy();
  });

  it("keeps the form's redirect without the script, adding Retry-After", async () => {
    const address = nextAddress();
    await spend("sign-in-address", address, SIGN_IN.points, 30);
    const response = await call.signIn({ email, password: PASSWORD, json: false, address });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/error=TooManyRequests%3A\d+|error=TooManyRequests:\d+/);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("registrations per client address", () => {
  it(`creates ${REGISTER.points} accounts from one address, then says when to come back and creates none`, async () => {
    testRequest.clientAddress = nextAddress();
    const tag = randomUUID();
    for (let i = 0; i < REGISTER.points; i++) {
      const result = await registerAction(
        null,
        form({ email: `reg-${i}-${tag}@example.com`, password: PASSWORD }),
      );
      expect(result.ok).toBe(true);
    }
    const refused = await registerAction(
      null,
      form({ email: `reg-over-${tag}@example.com`, password: PASSWORD }),
    );
    expect(refused).toEqual({
      ok: false,
      message: "Too many accounts were created from your network. Try again in 10 minutes.",
    });
    expect(await db.user.count({ where: { email: `reg-over-${tag}@example.com` } })).toBe(0);

    testRequest.clientAddress = nextAddress();
    const elsewhere = await registerAction(
      null,
      form({ email: `reg-over-${tag}@example.com`, password: PASSWORD }),
    );
    expect(elsewhere.ok).toBe(true);
  });

  it("tells a Russian reader in Russian", async () => {
    testRequest.clientAddress = nextAddress();
    testRequest.acceptLanguage = "ru";
    await spend("register-address", testRequest.clientAddress, REGISTER.points, 90);
    const refused = await registerAction(
      null,
      form({ email: `ru-${randomUUID()}@example.com`, password: PASSWORD }),
    );
    expect(refused).toEqual({
      ok: false,
      message: "Из вашей сети создано слишком много аккаунтов. Повторите через 2 минуты.",
    });
  });
});

describe("/api/v1 per API key", () => {
  type Handler = (request: Request, ctx: { params: Promise<never> }) => Promise<Response>;
  async function post(bearer: string, address = "192.0.2.10") {
    const request = new Request("http://127.0.0.1/api/v1/customers", {
      method: "POST",
      headers: {
        authorization: `Bearer ${bearer}`,
        "content-type": "application/json",
        [CLIENT_ADDRESS_HEADER]: address,
      },
      body: JSON.stringify({ telegramId: String(800_000_000 + Math.floor(Math.random() * 1_000_000)) }),
    });
    return (createCustomer as Handler)(request, { params: Promise.resolve({} as never) });
  }

  it("answers 429 rate_limited with Retry-After once a key is over its rate; another key is not affected", async () => {
    const busy = await createApiKey({ name: "busy", scopes: ["customers"], createdById: null });
    const other = await createApiKey({ name: "other", scopes: ["customers"], createdById: null });
    expect((await post(busy.key)).status).toBe(201);
    const counted = await db.rateLimit.findUniqueOrThrow({ where: { key: `api-key:${busy.record.id}` } });
    expect(counted.points).toBe(1);

    await db.rateLimit.update({
      where: { key: `api-key:${busy.record.id}` },
      data: { points: RATE_LIMITS["api-key"].points },
    });
    const customersBefore = await db.user.count();
    const limited = await post(busy.key);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS["api-key"].durationSeconds);
    expect(await limited.json()).toEqual({
      error: { code: "rate_limited", message: "This API key is over its request rate." },
    });
    expect(await db.user.count()).toBe(customersBefore);

    expect((await post(other.key)).status).toBe(201);
  });

  it("answers 429 to an address that keeps sending bad keys, 401 before that and elsewhere", async () => {
    const address = nextAddress();
    const { points } = RATE_LIMITS["api-key-failures"];
    await spend("api-key-failures", address, points - 1, 50);
    expect((await post("bk_not_a_key", address)).status).toBe(401);
    const limited = await post("bk_not_a_key", address);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await post("bk_not_a_key", nextAddress())).status).toBe(401);
  });
});

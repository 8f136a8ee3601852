import type { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { API_ERROR_ENVELOPE } from "@/lib/api/error-envelope";
import { createApiKey, revokeApiKey } from "@/lib/billing/api-keys/keys";
import { generateApiKey } from "@/lib/billing/api-keys/secret";
import { ApiError, apiRoute, MAX_API_BODY_BYTES } from "@/lib/http/api";
import { logger } from "@/lib/log";

// The /api/v1 wrapper through a tiny route of its own: key → scope → body → handler, and every
// refusal in the one envelope, as JSON that is never cached and never echoes the key.

const body = z.object({ customerId: z.string().min(1), amount: z.number().int().positive() }).strict();

const echo = apiRoute<typeof body, { id: string }>({ scope: "operations", body }, (context) =>
  Promise.resolve({
    status: 201,
    body: { key: context.key, body: context.body, params: context.params },
    headers: { "X-Test": "yes" },
  }),
);

const URL_ = "http://localhost/api/v1/things/t1";
const params = { params: Promise.resolve({ id: "t1" }) };

function post(
  init: { key?: string; authorization?: string; body?: BodyInit; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  if (init.authorization !== undefined) headers.set("Authorization", init.authorization);
  else if (init.key) headers.set("Authorization", `Bearer ${init.key}`);
  return new Request(URL_, {
    method: "POST",
    headers,
    body: init.body ?? JSON.stringify({ customerId: "c1", amount: 5 }),
    duplex: "half",
  } as RequestInit);
}

const keyWith = async (...scopes: ("operations" | "usage" | "customers")[]) =>
  (await createApiKey({ name: "test", scopes, createdById: null })).key;

/** The answer as the envelope, after checking what every answer carries. */
async function envelope(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("cache-control")).toBe("no-store");
  const text = await response.text();
  const parsed = API_ERROR_ENVELOPE.strict().parse(JSON.parse(text));
  expect(parsed.error.code).toBe(code);
  expect(parsed.error.message.length).toBeGreaterThan(0);
  return { ...parsed.error, text };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("a valid call", () => {
  it("reaches the handler with the key, the parsed body and the params, and answers its JSON", async () => {
    const key = await keyWith("operations");
    const response = await echo(post({ key }), params);
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-test")).toBe("yes");
    expect(await response.json()).toEqual({
      key: { id: expect.any(String) as string, name: "test", scopes: ["operations"] },
      body: { customerId: "c1", amount: 5 },
      params: { id: "t1" },
    });
  });

  it("takes the scheme in any case and a route without a body never reads one", async () => {
    const key = await keyWith("usage");
    const read = apiRoute({ scope: "usage" }, ({ body: none }) =>
      Promise.resolve({ status: 200, body: { none } }),
    );
    const response = await read(post({ authorization: `bearer ${key}`, body: "not json at all" }), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });

  it("answers 204 without a body", async () => {
    const key = await keyWith("usage");
    const route = apiRoute({ scope: "usage" }, () => Promise.resolve({ status: 204, body: null }));
    const response = await route(post({ key }), { params: Promise.resolve({}) });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("401 unauthorized", () => {
  it.each([
    ["no Authorization header", undefined],
    ["another scheme", "Basic dXNlcjpwYXNz"],
    ["Bearer without a token", "Bearer "],
    ["a token that is not a key", "Bearer hello"],
    ["two tokens", "Bearer bk_a bk_b"],
  ])("for %s", async (_case, authorization) => {
    const response = await echo(post(authorization === undefined ? {} : { authorization }), params);
    await envelope(response, 401, "unauthorized");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="api"');
  });

  it("for a well-formed key nobody issued, without echoing it", async () => {
    const stranger = generateApiKey();
    const { text } = await envelope(await echo(post({ key: stranger }), params), 401, "unauthorized");
    expect(text).not.toContain(stranger);
  });

  it("for a revoked key, from the next request on", async () => {
    const { key, record } = await createApiKey({
      name: "soon revoked",
      scopes: ["operations"],
      createdById: null,
    });
    expect((await echo(post({ key }), params)).status).toBe(201);
    await revokeApiKey(record.id);
    await envelope(await echo(post({ key }), params), 401, "unauthorized");
  });

  it("before the body is even read", async () => {
    await envelope(
      await echo(post({ body: "x".repeat(MAX_API_BODY_BYTES + 1) }), params),
      401,
      "unauthorized",
    );
  });
});

describe("403 forbidden", () => {
  it("for a key without the route's scope, naming the scope", async () => {
    const key = await keyWith("usage", "customers");
    const error = await envelope(await echo(post({ key }), params), 403, "forbidden");
    expect(error.message).toContain('"operations"');
    expect(error.text).not.toContain(key);
  });
});

describe("the body", () => {
  it("400 invalid_json for text that is not JSON, or not UTF-8", async () => {
    const key = await keyWith("operations");
    await envelope(await echo(post({ key, body: "{customerId:" }), params), 400, "invalid_json");
    await envelope(await echo(post({ key, body: "" }), params), 400, "invalid_json");
    await envelope(
      await echo(post({ key, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), params),
      400,
      "invalid_json",
    );
  });

  it("413 for a body over 64 KiB, declared or streamed without a length", async () => {
    const key = await keyWith("operations");
    const big = JSON.stringify({ customerId: "c".repeat(MAX_API_BODY_BYTES), amount: 1 });
    await envelope(await echo(post({ key, body: big }), params), 413, "payload_too_large");

    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = post({ key, body: stream });
    expect(streamed.headers.get("content-length")).toBeNull();
    await envelope(await echo(streamed, params), 413, "payload_too_large");
  });

  it("accepts a body of exactly 64 KiB", async () => {
    const key = await keyWith("operations");
    const base = JSON.stringify({ customerId: "", amount: 1 });
    const exact = JSON.stringify({ customerId: "c".repeat(MAX_API_BODY_BYTES - base.length), amount: 1 });
    expect(new TextEncoder().encode(exact).byteLength).toBe(MAX_API_BODY_BYTES);
    expect((await echo(post({ key, body: exact }), params)).status).toBe(201);
  });

  it("422 validation_failed with zod's tree of issues in details", async () => {
    const key = await keyWith("operations");
    const error = await envelope(
      await echo(post({ key, body: JSON.stringify({ customerId: "", amount: 1.5, extra: true }) }), params),
      422,
      "validation_failed",
    );
    expect(error.details).toMatchObject({
      errors: [expect.stringMatching(/extra/) as string],
      properties: {
        customerId: { errors: [expect.any(String) as string] },
        amount: { errors: [expect.any(String) as string] },
      },
    });
  });
});

describe("errors from the handler", () => {
  it("an ApiError becomes its status, envelope and headers (Retry-After)", async () => {
    const key = await keyWith("usage");
    const limited = apiRoute({ scope: "usage" }, () =>
      Promise.reject(
        new ApiError(
          429,
          "quota_exceeded",
          "The plan's requests are used up.",
          { limit: 100, used: 100 },
          {
            "Retry-After": "120",
          },
        ),
      ),
    );
    const response = await limited(post({ key }), { params: Promise.resolve({}) });
    const error = await envelope(response, 429, "quota_exceeded");
    expect(error.details).toEqual({ limit: 100, used: 100 });
    expect(response.headers.get("retry-after")).toBe("120");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("an ApiError without details has no details key", async () => {
    const key = await keyWith("usage");
    const missing = apiRoute({ scope: "usage" }, () =>
      Promise.reject(new ApiError(404, "not_found", "No such customer.")),
    );
    const response = await missing(post({ key }), { params: Promise.resolve({}) });
    expect(JSON.parse(await response.text())).toEqual({
      error: { code: "not_found", message: "No such customer." },
    });
  });

  it("anything else is a 500 `internal` with a generic message; the log has neither key nor body", async () => {
    const logged = vi.spyOn(logger("api"), "error").mockImplementation(() => {});
    const key = await keyWith("operations");
    const failing = apiRoute({ scope: "operations", body }, ({ body: input }) =>
      Promise.reject(new Error(`database said no about ${input.customerId}`)),
    );
    const response = await failing(
      post({ key, body: JSON.stringify({ customerId: "secret-customer", amount: 1 }) }),
      { params: Promise.resolve({}) },
    );
    const error = await envelope(response, 500, "internal");
    expect(error.text).not.toContain("database said no");
    expect(error.text).not.toContain("secret-customer");
    expect(logged).toHaveBeenCalledTimes(1);
    const [fields] = logged.mock.calls[0] as unknown as [{ err: Error } & Record<string, unknown>];
    expect(fields).toMatchObject({ method: "POST", path: "/api/v1/things/t1" });
    const log = JSON.stringify({ ...fields, err: fields.err.stack });
    expect(log).not.toContain(key);
    expect(log).not.toContain("Authorization");
  });

  it("a handler answer that cannot be serialised is a 500 too", async () => {
    vi.spyOn(logger("api"), "error").mockImplementation(() => {});
    const key = await keyWith("usage");
    const broken = apiRoute({ scope: "usage" }, () => Promise.resolve({ status: 200, body: { n: 1n } }));
    await envelope(await broken(post({ key }), { params: Promise.resolve({}) }), 500, "internal");
  });
});

// What Next's generated validator (.next/types/validator.ts) demands of a route's exports.
type NextRouteHandler<Params> = (
  request: NextRequest,
  context: { params: Promise<Params> },
) => Promise<Response | void> | Response | void;

describe("types", () => {
  it("fit Next's route handler signature, static and dynamic", () => {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- Next's ParamMap of a static route
    const staticRoute: NextRouteHandler<{}> = apiRoute({ scope: "usage" }, () =>
      Promise.resolve({ status: 200, body: {} }),
    );
    const dynamicRoute: NextRouteHandler<{ id: string }> = echo;
    expect(typeof staticRoute).toBe("function");
    expect(typeof dynamicRoute).toBe("function");
  });
});

import { AppRouteRouteModule } from "next/dist/server/route-modules/app-route/module.js";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import { authRouteHandler } from "@/lib/auth/route-handler";
import { createUser } from "@/lib/users";

// next-auth's endpoints driven through Next's own app-route machinery (the AppRouteRouteModule
// that `next start` wraps every route.ts in): it sets up the request scope that next-auth's
// `cookies()` and `headers()` need, and turns the handler's cookie changes into Set-Cookie
// headers, as in production. Calling the exported GET/POST bare fails in vitest: next-auth reads
// the request through next/headers, which throws outside that scope.

const ORIGIN = "http://localhost:3000";
const EMAIL = "callback-url@example.com";
const PASSWORD = "long enough password";

type Handler = (
  request: NextRequest,
  context: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

function route(handler: Handler) {
  const routeModule = new AppRouteRouteModule({
    definition: {
      kind: "APP_ROUTE" as never,
      page: "/api/auth/[...nextauth]/route",
      pathname: "/api/auth/[...nextauth]",
      filename: "route",
      bundlePath: "app/api/auth/[...nextauth]/route",
    },
    distDir: ".next",
    relativeProjectDir: "",
    resolvedPagePath: "app/api/auth/[...nextauth]/route.ts",
    nextConfigOutput: undefined,
    userland: (() => ({ GET: handler, POST: handler })) as never,
  });
  return async (
    path: string,
    init: { method?: "GET" | "POST"; cookies?: Record<string, string>; form?: Record<string, string> } = {},
  ): Promise<Response> => {
    const url = new URL(path, ORIGIN);
    const headers = new Headers({ host: url.host });
    if (init.cookies) {
      headers.set(
        "cookie",
        Object.entries(init.cookies)
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
          .join("; "),
      );
    }
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const request = new NextRequest(url, { method: init.method ?? "GET", headers, body });
    const nextauth = url.pathname.replace(/^\/api\/auth\//, "").split("/");
    try {
      return await routeModule.handle(request, {
        params: { nextauth },
        renderOpts: { experimental: {}, cacheComponents: false },
        sharedContext: { buildId: "test" },
      } as never);
    } catch (error) {
      // What the server makes of an exception escaping a route handler.
      console.error(error);
      return new Response(null, { status: 500 });
    }
  };
}

/** Signs in with the credentials form as the login page's script does, via the CSRF round trip. */
async function signIn(call: ReturnType<typeof route>, callbackUrl: string, json: boolean): Promise<Response> {
  const csrf = await call("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookie(csrf, "next-auth.csrf-token")!;
  return call("/api/auth/callback/credentials", {
    method: "POST",
    cookies: { "next-auth.csrf-token": csrfCookie },
    form: { csrfToken, email: EMAIL, password: PASSWORD, callbackUrl, ...(json ? { json: "true" } : {}) },
  });
}

function setCookie(response: Response, name: string): string | undefined {
  const line = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${name}=`));
  return line === undefined ? undefined : decodeURIComponent(line.slice(name.length + 1).split(";")[0]!);
}

const previousNextAuthUrl = process.env.NEXTAUTH_URL;
beforeAll(async () => {
  // As scripts/serve.ts sets it for the app.
  process.env.NEXTAUTH_URL = ORIGIN;
  await createUser({ email: EMAIL, password: PASSWORD });
});
afterAll(() => {
  process.env.NEXTAUTH_URL = previousNextAuthUrl;
});

const HOSTILE = [
  "https://localhost.evil.com/",
  "http://localhost:3000.evil.com", // not a URL at all: "3000.evil.com" is no port
  "http://localhost:3000@evil.com",
  "//evil.com",
  "/\\evil.com",
  "\\\\evil.com",
  "javascript:alert(1)",
  "http://[::1",
];

describe.each([
  ["lib/auth/route-handler.ts", route(authRouteHandler)],
  // What the route exports, so the endpoint the browser reaches is the one tested.
  ["app/api/auth/[...nextauth]/route.ts", route(nextAuthRoute.GET)],
])("next-auth endpoints through %s", (_name, call) => {
  it.each(HOSTILE)("signs in and lands on the dashboard with a callbackUrl of %j", async (hostile) => {
    const response = await signIn(call, hostile, true);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${ORIGIN}/dashboard` });
    expect(setCookie(response, "next-auth.session-token")).toBeTruthy();
  });

  it("follows the sign-in form's redirect to the dashboard when it is not asked for JSON", async () => {
    const response = await signIn(call, "http://localhost:3000.evil.com", false);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });

  it("keeps a callbackUrl on our origin", async () => {
    for (const kept of ["/dashboard/payments?page=2", `${ORIGIN}/dashboard/payments?page=2`]) {
      const response = await signIn(call, kept, true);
      expect(await response.json()).toEqual({ url: `${ORIGIN}/dashboard/payments?page=2` });
    }
  });
});

describe("next-auth endpoints through lib/auth/route-handler.ts", () => {
  const call = route(authRouteHandler);

  it.each(HOSTILE)(
    "sends GET /api/auth/signin?callbackUrl=%j to the login page, back to the dashboard",
    async (hostile) => {
      const response = await call(`/api/auth/signin?callbackUrl=${encodeURIComponent(hostile)}`);
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!, ORIGIN);
      expect(location.origin + location.pathname).toBe(`${ORIGIN}/login`);
      expect(location.searchParams.get("callbackUrl")).toBe(`${ORIGIN}/dashboard`);
      expect(setCookie(response, "next-auth.callback-url")).toBe(`${ORIGIN}/dashboard`);
    },
  );

  it.each(HOSTILE)("answers with a %j callback-url cookie, and replaces the cookie", async (hostile) => {
    const session = await call("/api/auth/session", { cookies: { "next-auth.callback-url": hostile } });
    expect(session.status).toBe(200);
    expect(setCookie(session, "next-auth.callback-url")).toBe(`${ORIGIN}/dashboard`);

    const signin = await call("/api/auth/signin", { cookies: { "next-auth.callback-url": hostile } });
    expect(signin.status).toBe(302);
    expect(new URL(signin.headers.get("location")!, ORIGIN).searchParams.get("callbackUrl")).toBe(
      `${ORIGIN}/dashboard`,
    );
  });

  it("keeps a same-origin callbackUrl in the query", async () => {
    const response = await call(`/api/auth/signin?callbackUrl=${encodeURIComponent("/dashboard/plans")}`);
    expect(new URL(response.headers.get("location")!, ORIGIN).searchParams.get("callbackUrl")).toBe(
      `${ORIGIN}/dashboard/plans`,
    );
  });
});

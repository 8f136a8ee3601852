import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authRoute } from "./auth-route";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import { authRouteHandler } from "@/lib/auth/route-handler";
import { createUser } from "@/lib/users";

// next-auth's endpoints driven through Next's own app-route machinery, by the harness in
// ./auth-route.ts.

const ORIGIN = "http://localhost:3000";
const EMAIL = "callback-url@example.com";
const PASSWORD = "long enough password";

type Route = ReturnType<typeof authRoute>;

/** Signs in as the callback-url user, with the given callbackUrl. */
function signIn(route: Route, callbackUrl: string, json: boolean): Promise<Response> {
  return route.signIn({ email: EMAIL, password: PASSWORD, json, callbackUrl });
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
  ["lib/auth/route-handler.ts", authRoute(authRouteHandler)],
  // What the route exports, so the endpoint the browser reaches is the one tested.
  ["app/api/auth/[...nextauth]/route.ts", authRoute(nextAuthRoute.GET)],
])("next-auth endpoints through %s", (_name, route) => {
  it.each(HOSTILE)("signs in and lands on the dashboard with a callbackUrl of %j", async (hostile) => {
    const response = await signIn(route, hostile, true);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ url: `${ORIGIN}/dashboard` });
    expect(route.setCookie(response, "next-auth.session-token")).toBeTruthy();
  });

  it("follows the sign-in form's redirect to the dashboard when it is not asked for JSON", async () => {
    const response = await signIn(route, "http://localhost:3000.evil.com", false);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });

  it("keeps a callbackUrl on our origin", async () => {
    for (const kept of ["/dashboard/payments?page=2", `${ORIGIN}/dashboard/payments?page=2`]) {
      const response = await signIn(route, kept, true);
      expect(await response.json()).toEqual({ url: `${ORIGIN}/dashboard/payments?page=2` });
    }
  });
});

describe("next-auth endpoints through lib/auth/route-handler.ts", () => {
  const { call, setCookie } = authRoute(authRouteHandler);

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

import NextAuth from "next-auth";
import { cookies } from "next/headers";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { retryAfterOfCode } from "@/lib/auth/too-many-requests";

// next-auth's endpoints (/api/auth/*), with one repair in front of them. Before anything else,
// next-auth 4 checks a `callbackUrl` in the query and in the callback-url cookie, and answers any
// value that is not an http(s) URL or a path (a malformed `http://localhost:3000.evil.com` or
// `http://[::1`, `javascript:…`, `\\evil.com`) with a 500 "server configuration" error: on every
// endpoint, before our `redirect` callback (lib/auth/options.ts) can decide. So such a value is
// replaced by the dashboard here, in the query and in the cookie; every value next-auth does accept
// reaches the `redirect` callback, which keeps only paths on our origin.

const FALLBACK = "/dashboard";
/** next-auth's names for the cookie (the second one on https). */
const CALLBACK_URL_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

type AuthRouteContext = { params: Promise<{ nextauth: string[] }> };

const nextAuth = NextAuth(authOptions) as (
  request: NextRequest,
  context: AuthRouteContext,
) => Promise<Response>;

export async function authRouteHandler(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const jar = await cookies();
  for (const name of CALLBACK_URL_COOKIES) {
    const value = jar.get(name)?.value;
    // Replaced for this request (cookies() is what next-auth reads) and in the browser, with the
    // attributes next-auth gives it (it writes it again itself, once redirect has decided).
    if (value && !acceptedByNextAuth(value)) {
      jar.set({
        name,
        value: FALLBACK,
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: name.startsWith("__Secure-"),
      });
    }
  }
  return withRetryAfter(await nextAuth(await withAcceptableCallbackUrl(request), context));
}

/**
 * A sign-in refused because the client's address is over its limit (lib/auth/address-limits.ts)
 * reaches next-auth as an error code, which it answers like any failed sign-in: 401 with the
 * error page's URL (JSON for the form's script, a redirect without it). Here the script's answer
 * becomes a 429 with Retry-After; next-auth's client reads only the body's URL, so the form works
 * as before. The redirect stays a redirect (a browser shows nothing for a 429 without a page),
 * with Retry-After added.
 */
async function withRetryAfter(response: Response): Promise<Response> {
  const location = response.headers.get("location");
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  if (response.status !== 401 && !location) return response;
  let url = location;
  if (!url && isJson && response.status === 401) {
    const body = (await response.clone().json()) as { url?: unknown };
    url = typeof body.url === "string" ? body.url : null;
  }
  const retryAfter = url
    ? retryAfterOfCode(new URL(url, "http://base.invalid").searchParams.get("error"))
    : null;
  if (retryAfter === null) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(retryAfter));
  return new Response(response.body, { status: location ? response.status : 429, headers });
}

async function withAcceptableCallbackUrl(request: NextRequest): Promise<NextRequest> {
  const values = request.nextUrl.searchParams.getAll("callbackUrl");
  if (values.every(acceptedByNextAuth)) return request;
  const url = request.nextUrl.clone();
  url.searchParams.set("callbackUrl", FALLBACK);
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new NextRequest(url, { method: request.method, headers: request.headers, body });
}

/** next-auth 4's own test of a callback URL (core/lib/assert.ts, `isValidHttpUrl`). */
function acceptedByNextAuth(value: string): boolean {
  try {
    return /^https?:$/.test(
      new URL(value, value.startsWith("/") ? "http://base.invalid" : undefined).protocol,
    );
  } catch {
    return false;
  }
}

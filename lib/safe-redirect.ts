import type { Route } from "next";

const BASE = "http://same-site.invalid";

/**
 * Only same-site paths may be redirect targets, so a crafted link can't send users elsewhere.
 * The path is resolved the way a browser will resolve it (which drops tabs and newlines and
 * treats backslashes as slashes), and kept only if it stays on our origin.
 */
export function safeCallbackPath(
  value: string | string[] | undefined,
  fallback: Route = "/dashboard",
): Route {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(path, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  // A same-site path, though not necessarily one of our pages (typed routes know only those): an
  // unknown one is Next's 404, never another site.
  return `${url.pathname}${url.search}${url.hash}` as Route;
}

/**
 * next-auth's callback URL (its `redirect` callback: the `callbackUrl` of a sign-in or sign-out,
 * in the query, the body or the `next-auth.callback-url` cookie) as an absolute URL on
 * `baseUrl`, our origin. An absolute URL on our origin is reduced to its path; then the path
 * rules above decide, so anything invalid, malformed or on another origin (look-alike hosts,
 * `user@host` tricks, protocol-relative, other schemes) becomes the fallback. Never throws.
 */
export function safeCallbackUrl(value: unknown, baseUrl: string, fallback: Route = "/dashboard"): string {
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    origin = baseUrl;
  }
  return `${origin}${safeCallbackPath(sameOriginPath(value, origin), fallback)}`;
}

function sameOriginPath(value: unknown, origin: string): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value.startsWith("/")) return value;
  try {
    const url = new URL(value);
    return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : undefined;
  } catch {
    return undefined;
  }
}

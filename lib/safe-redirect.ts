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

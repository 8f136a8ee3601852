import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { FIXED_SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Loaded by Node at run time, not bundled: native argon2 bindings, pg-boss (its SQL plans), and
  // prom-client (one copy for the server script and the route handlers; lib/metrics/metrics.ts).
  serverExternalPackages: ["@node-rs/argon2", "pg-boss", "prom-client"],
  poweredByHeader: false,
  // The database layer never runs in the browser; typed routes catch broken links at build time.
  typedRoutes: true,
  // The fixed security headers on every answer of Next. The page CSP (a nonce per request) and HSTS
  // (APP_URL is read at run time, not when the image is built) come from proxy.ts.
  headers: () => Promise.resolve([{ source: "/:path*", headers: [...FIXED_SECURITY_HEADERS] }]),
};

// Points next-intl at i18n/request.ts (the locale and catalogs of each request).
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);

import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // Loaded by Node at run time, not bundled: native argon2 bindings, and pg-boss (its SQL plans).
  serverExternalPackages: ["@node-rs/argon2", "pg-boss"],
  poweredByHeader: false,
  // The database layer never runs in the browser; typed routes catch broken links at build time.
  typedRoutes: true,
};

// Points next-intl at i18n/request.ts (the locale and catalogs of each request).
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);

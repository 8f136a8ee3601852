import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded by Node at run time, not bundled: native argon2 bindings, and pg-boss (its SQL plans).
  serverExternalPackages: ["@node-rs/argon2", "pg-boss"],
  poweredByHeader: false,
  // The database layer never runs in the browser; typed routes catch broken links at build time.
  typedRoutes: true,
};

export default nextConfig;

import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native argon2 bindings are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2"],
  poweredByHeader: false,
  // The database layer never runs in the browser; typed routes catch broken links at build time.
  typedRoutes: true,
};

export default nextConfig;

// Runs once when a Next server starts: fail at start-up, naming the variable, when the
// environment is invalid, rather than on the first request that needs it. (The job workers are
// started by the server, scripts/next-server.ts, on a thread of their own.) Node-only code is
// imported dynamically, since this file is also compiled for the Edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
}

// Runs once when a Next server starts: fail at start-up, naming the variable, when the
// environment is invalid, rather than on the first request that needs it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  env();
}

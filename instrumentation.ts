// Runs once when a Next server starts: fail at start-up, naming the variable, when the
// environment is invalid, rather than on the first request that needs it; then start the job
// workers in this process unless RUN_WORKERS=false (when `npm run worker` runs them elsewhere).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  if (config.RUN_WORKERS === "true" && config.DATABASE_URL) {
    const { startWorkers } = await import("@/lib/jobs/workers");
    const workers = await startWorkers(config.DATABASE_URL);
    process.once("SIGTERM", () => void workers.stop());
  }
}

import { env } from "@/lib/env";
import { startWorkers } from "@/lib/jobs/workers";

/** Starts the job workers inside the app process, unless RUN_WORKERS=false (npm run worker runs them). */
export async function startInProcessWorkers(): Promise<void> {
  const config = env();
  if (config.RUN_WORKERS !== "true" || !config.DATABASE_URL) return;
  const workers = await startWorkers(config.DATABASE_URL);
  process.once("SIGTERM", () => void workers.stop());
}

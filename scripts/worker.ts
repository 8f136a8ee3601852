// `npm run worker`: the job workers as their own process, for when the app is scaled out.
// Uses DATABASE_URL (a shared server; the embedded database belongs to the app process).
import nextEnv from "@next/env";
import { EnvError, parseEnv } from "../lib/env";
import { surviveLostDatabase } from "../lib/jobs/survive-lost-database";
import { startWorkers } from "../lib/jobs/workers";
import { configureLogging, logger } from "../lib/log";
import { serveWorkerMetrics } from "../lib/metrics/worker-server";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
configureLogging();
try {
  const config = parseEnv();
  if (!config.DATABASE_URL)
    throw new EnvError("DATABASE_URL is required: a separate worker needs a shared PostgreSQL server.");
  surviveLostDatabase();
  const workers = await startWorkers(config.DATABASE_URL);
  if (config.WORKER_METRICS_PORT !== undefined) {
    await serveWorkerMetrics(config.WORKER_METRICS_PORT, config.METRICS_TOKEN);
    logger("jobs").info(`workers: metrics on port ${config.WORKER_METRICS_PORT} (GET /metrics)`);
  }
  // bench/harness/server.ts waits for these words.
  logger("jobs").info("workers: running (Ctrl-C to stop)");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // Jobs in hand finish within SHUTDOWN_TIMEOUT; any cut short are retried by the queue.
    process.once(signal, () => void workers.stop(config.SHUTDOWN_TIMEOUT * 1000).then(() => process.exit(0)));
  }
} catch (error) {
  if (error instanceof EnvError) console.error(error.message);
  else logger("jobs").fatal({ err: error }, "workers: could not start");
  process.exit(1);
}

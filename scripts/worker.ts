// `npm run worker`: the job workers as their own process, for when the app is scaled out.
// Uses DATABASE_URL (a shared server; the embedded database belongs to the app process).
import nextEnv from "@next/env";
import { EnvError, parseEnv } from "../lib/env";
import { startWorkers } from "../lib/jobs/workers";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
try {
  const config = parseEnv();
  if (!config.DATABASE_URL)
    throw new EnvError("DATABASE_URL is required: a separate worker needs a shared PostgreSQL server.");
  const workers = await startWorkers(config.DATABASE_URL);
  console.log("workers: running (Ctrl-C to stop)");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void workers.stop().then(() => process.exit(0)));
  }
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

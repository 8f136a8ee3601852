import { env, type Env } from "@/lib/env";
import { db } from "@/lib/db";
import type { ProviderName } from "@/lib/billing/providers/types";
import { checkHealth } from "@/lib/health";
import { QUEUES } from "@/lib/jobs/queue";
import { workerThreadsAnswer } from "@/lib/metrics/worker-bridge";

// What GET /api/ready reports: whether this instance can take traffic now. Liveness
// (/api/health: the database answers, migrations applied) plus the job queue (pg-boss's schema
// and our queues exist; with RUN_WORKERS=true, the workers' thread in this process answers) plus
// the payment providers. Not ready, with each reason, when:
// - the database is unreachable, or a migration is pending or failed;
// - the job queue is not installed or cannot be read;
// - RUN_WORKERS=true and this process's worker thread does not answer (or is not running);
// - no payment provider is configured at all (nobody could pay);
// - NODE_ENV=production, the database is external (not on this machine) and a provider's API base
//   is a loopback address: an emulator in front of a real database takes no real money. The
//   embedded demo (`npm start` without DATABASE_URL) runs emulators beside a local database, and
//   stays ready.
// Reasons name what is wrong, never a key, a URL or a password.

export type ProviderSetup = "configured" | "emulator" | "missing";

export interface ReadinessReport {
  status: "ready" | "not_ready";
  reasons: string[];
  checks: {
    database: "reachable" | "unreachable";
    migrations: "applied" | "pending" | "unknown";
    jobQueue: "installed" | "missing" | "unreachable";
    workers: "running" | "not_answering" | "elsewhere";
    providers: Record<Exclude<ProviderName, "manual">, ProviderSetup>;
  };
  version: string;
}

const WORKER_PING_MS = 2_000;

export async function checkReadiness(version: string): Promise<ReadinessReport> {
  const config = env();
  const reasons: string[] = [];
  const [health, jobQueue, workers] = await Promise.all([
    checkHealth(version),
    checkJobQueue(),
    config.RUN_WORKERS === "true"
      ? workerThreadsAnswer(WORKER_PING_MS).then((answered) => (answered ? "running" : "not_answering"))
      : Promise.resolve("elsewhere" as const),
  ]);

  if (health.database === "unreachable") reasons.push("the database is unreachable");
  let migrations: ReadinessReport["checks"]["migrations"] = "unknown";
  if (health.migrations) {
    const { pending, failed } = health.migrations;
    migrations = pending.length === 0 && failed.length === 0 ? "applied" : "pending";
    if (pending.length > 0) reasons.push(`migrations not applied: ${pending.join(", ")}`);
    if (failed.length > 0) reasons.push(`migrations failed: ${failed.join(", ")}`);
  } else if (health.database === "reachable") {
    reasons.push("the database has never been migrated");
  }
  if (health.database === "reachable") {
    if (jobQueue.kind === "unreachable") reasons.push("the job queue (schema pgboss) cannot be read");
    if (jobQueue.kind === "missing")
      reasons.push(`the job queue is not installed (missing queues: ${jobQueue.missing.join(", ")})`);
  }
  if (workers === "not_answering")
    reasons.push("the job workers are not running in this process (RUN_WORKERS=true) or do not answer");

  const providers = providerSetups(config);
  reasons.push(...providerReasons(providers, config));

  return {
    status: reasons.length === 0 ? "ready" : "not_ready",
    reasons,
    checks: {
      database: health.database,
      migrations,
      jobQueue: health.database === "reachable" ? jobQueue.kind : "unreachable",
      workers,
      providers,
    },
    version,
  };
}

type JobQueueCheck = { kind: "installed" } | { kind: "missing"; missing: string[] } | { kind: "unreachable" };

async function checkJobQueue(): Promise<JobQueueCheck> {
  try {
    const [schema] = await db.$queryRaw<{ present: boolean }[]>`
      SELECT to_regclass('pgboss.queue') IS NOT NULL AS present`;
    if (!schema?.present) return { kind: "missing", missing: Object.values(QUEUES) };
    const rows = await db.$queryRaw<{ name: string }[]>`
      SELECT name FROM pgboss.queue WHERE name = ANY(${Object.values(QUEUES)}::text[])`;
    const installed = new Set(rows.map((row) => row.name));
    const missing = Object.values(QUEUES).filter((queue) => !installed.has(queue));
    return missing.length === 0 ? { kind: "installed" } : { kind: "missing", missing };
  } catch {
    return { kind: "unreachable" };
  }
}

/** Each provider: keys set and a real API, keys set and a loopback API base (an emulator), or no keys. */
export function providerSetups(config: Env): ReadinessReport["checks"]["providers"] {
  const setup = (keys: unknown, apiBase: string | undefined): ProviderSetup =>
    !keys ? "missing" : apiBase && isLoopbackUrl(apiBase) ? "emulator" : "configured";
  return {
    cryptocloud: setup(config.CRYPTOCLOUD_API_KEY, config.CRYPTOCLOUD_API_BASE),
    stripe: setup(config.STRIPE_SECRET_KEY, config.STRIPE_API_BASE),
    yookassa: setup(config.YOOKASSA_SHOP_ID, config.YOOKASSA_API_BASE),
  };
}

/** Why the providers keep this instance from being ready (see the rules at the top). */
export function providerReasons(
  providers: ReadinessReport["checks"]["providers"],
  config: Pick<Env, "NODE_ENV" | "DATABASE_URL">,
): string[] {
  const entries = Object.entries(providers);
  if (entries.every(([, setup]) => setup === "missing")) return ["no payment provider is configured"];
  const emulated = entries.filter(([, setup]) => setup === "emulator").map(([name]) => name);
  if (config.NODE_ENV === "production" && emulated.length > 0 && isExternalDatabase(config.DATABASE_URL)) {
    return [
      `payment emulator in use (${emulated.join(", ")}: API base on a loopback address) with an external database in production`,
    ];
  }
  return [];
}

/** A database on another machine (a host that is not loopback); a socket or loopback host is local. */
export function isExternalDatabase(databaseUrl: string | undefined): boolean {
  if (!databaseUrl) return false;
  try {
    const host = new URL(databaseUrl).hostname;
    return host !== "" && !isLoopbackHost(host);
  } catch {
    return false;
  }
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === "0.0.0.0"
  );
}

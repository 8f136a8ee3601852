import { isMainThread } from "node:worker_threads";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

// The process's metrics: one registry and one set of metric objects per thread. Next bundles
// route handlers and server actions apart from scripts/next-server.ts (which runs under tsx), so
// this module can be loaded more than once in one process; the state lives on globalThis under a
// Symbol.for key, and whichever copy comes first creates it for all. A worker thread has a
// globalThis of its own, so the job workers' thread keeps its own registry, and GET /api/metrics
// asks it for its values (lib/metrics/worker-bridge.ts). Only events are counted here; what is
// state (payments by status, queue depth) is read from the database at scrape time (state.ts).
// Every label takes values from a closed set (providers, outcomes, queues, route patterns), so
// the number of series stays bounded whatever the traffic.

const KEY = Symbol.for("billing-dashboard.metrics");

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

function createMetrics() {
  const registry = new Registry();
  // Process figures (CPU, memory, event loop lag) from the thread that serves /metrics only:
  // the aggregation sums what threads report, and a thread's copy would be counted twice.
  if (isMainThread) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    webhookDeliveries: new Counter({
      name: "billing_webhook_deliveries_total",
      help: "Webhook deliveries answered, by provider and outcome (received, duplicate, ignored, refused, limited, failed).",
      labelNames: ["provider", "outcome"] as const,
      registers,
    }),
    applyDuration: new Histogram({
      name: "billing_webhook_apply_duration_seconds",
      help: "Time the apply step took for one delivery's report (the payment's transaction), by provider.",
      labelNames: ["provider"] as const,
      buckets: SECONDS_FAST,
      registers,
    }),
    applyLatency: new Histogram({
      name: "billing_webhook_apply_latency_seconds",
      help: "Time from a delivery's arrival to its report being applied, by provider.",
      labelNames: ["provider"] as const,
      buckets: SECONDS_SLOW,
      registers,
    }),
    checkouts: new Counter({
      name: "billing_checkouts_total",
      help: "Provider checkouts opened or failed (the provider refused or could not be reached), by provider.",
      labelNames: ["provider", "outcome"] as const,
      registers,
    }),
    jobFailures: new Counter({
      name: "billing_job_failures_total",
      help: "Jobs that failed (and are retried, or given up on their last try), by queue.",
      labelNames: ["queue"] as const,
      registers,
    }),
    sweepRuns: new Counter({
      name: "billing_sweep_runs_total",
      help: "Scheduled sweep runs, by sweep and outcome (ok, failed).",
      labelNames: ["sweep", "outcome"] as const,
      registers,
    }),
    sweepItems: new Counter({
      name: "billing_sweep_items_total",
      help: "What sweeps did, by sweep and result (the counts each run logs: checked, applied, failed …).",
      labelNames: ["sweep", "result"] as const,
      registers,
    }),
    notificationSends: new Counter({
      name: "billing_notification_sends_total",
      help: "Telegram notification deliveries, by outcome (sent, skipped, rescheduled, failed, retry, error).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    operations: new Counter({
      name: "billing_operations_total",
      help: "Operation charges (/api/v1/operations and the bot), by outcome: charged, replayed, or why refused.",
      labelNames: ["outcome"] as const,
      registers,
    }),
    usageCounts: new Counter({
      name: "billing_usage_counts_total",
      help: "Request-quota counts (/api/v1/usage), by outcome (counted, over_quota, no_subscription).",
      labelNames: ["outcome"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "billing_http_request_duration_seconds",
      help: "HTTP requests the app server answered, by method, route pattern and status class.",
      labelNames: ["method", "route", "status"] as const,
      buckets: SECONDS_FAST,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** This thread's registry and metric objects, created on first use. */
export function metrics(): Metrics {
  const store = globalThis as unknown as { [KEY]?: Metrics };
  store[KEY] ??= createMetrics();
  return store[KEY];
}

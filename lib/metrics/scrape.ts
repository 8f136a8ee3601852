import { AggregatorRegistry } from "prom-client";
import { metrics } from "@/lib/metrics/metrics";
import { stateMetrics } from "@/lib/metrics/state";
import { workerThreadMetrics } from "@/lib/metrics/worker-bridge";

// One scrape: this thread's events, the job workers' thread's events (asked over its port, at most
// WORKER_TIMEOUT_MS; a thread that is late is left out of this scrape, and the gauge below says
// so) and the state read from the database, merged with prom-client's AggregatorRegistry: the
// same metric from two threads is summed (a counter's total is both threads' together).

const WORKER_TIMEOUT_MS = 1_000;

export interface Scrape {
  contentType: string;
  text: string;
}

export async function scrapeMetrics(): Promise<Scrape> {
  const [own, workers, state] = await Promise.all([
    metrics().registry.getMetricsAsJSON(),
    workerThreadMetrics(WORKER_TIMEOUT_MS),
    stateMetrics(),
  ]);
  const late = {
    name: "billing_metrics_worker_threads_late",
    help: "Job worker threads that did not answer this scrape in time (their counts are missing from it).",
    type: "gauge",
    aggregator: "sum",
    values: [{ value: workers.late, labels: {} }],
  };
  const merged = AggregatorRegistry.aggregate([own, ...workers.metrics, state, [late]]);
  return { contentType: merged.contentType, text: await merged.metrics() };
}

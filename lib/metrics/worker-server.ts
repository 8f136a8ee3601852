import http from "node:http";
import { metrics } from "@/lib/metrics/metrics";
import { metricsAccess } from "@/lib/metrics/token";

// `npm run worker` (scripts/worker.ts) runs the job workers as their own process, which no
// /api/metrics reaches: with WORKER_METRICS_PORT set it answers GET /metrics itself, with the
// same METRICS_TOKEN. Its own events only (job failures, sweeps, sends, applies); the state
// gauges (payments, queue depth) come from the app's /api/metrics.

export function serveWorkerMetrics(port: number, token: string | undefined): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0];
    const access = metricsAccess(request.headers.authorization ?? null, token);
    if (request.method !== "GET" || path !== "/metrics" || access.kind === "disabled") {
      response.writeHead(404, { "Cache-Control": "no-store" }).end("Not Found");
      return;
    }
    if (access.kind === "denied") {
      response
        .writeHead(401, { "Cache-Control": "no-store", "WWW-Authenticate": 'Bearer realm="metrics"' })
        .end("Unauthorized");
      return;
    }
    const { registry } = metrics();
    registry.metrics().then(
      (text) =>
        response
          .writeHead(200, { "Cache-Control": "no-store", "Content-Type": registry.contentType })
          .end(text),
      () => response.writeHead(500).end("Internal Server Error"),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}

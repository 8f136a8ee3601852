import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "@/lib/metrics/metrics";
import { methodLabel, routeLabel, statusLabel, type RouteTable } from "@/lib/metrics/routes";

// HTTP request durations, measured by the app server (scripts/next-server.ts) around everything
// it serves (pages, route handlers, assets), from the request's arrival to the last byte of the
// answer handed to the socket. A request the client abandoned before the answer is not counted.

export function observeHttpRequest(request: IncomingMessage, response: ServerResponse, routes: RouteTable) {
  const startedAt = process.hrtime.bigint();
  response.once("finish", () => {
    const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    metrics().httpDuration.observe(
      {
        method: methodLabel(request.method),
        route: routeLabel(request.url ?? "/", routes),
        status: statusLabel(response.statusCode),
      },
      seconds,
    );
  });
}

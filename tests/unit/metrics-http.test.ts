import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observeHttpRequest } from "@/lib/metrics/http";
import { metrics } from "@/lib/metrics/metrics";
import { loadRouteTable } from "@/lib/metrics/routes";
import { serveWorkerMetrics } from "@/lib/metrics/worker-server";

// The app server's request durations (scripts/next-server.ts calls observeHttpRequest for every
// request), over a real HTTP server: labelled by method, route pattern and status class.

const routes = loadRouteTable(path.resolve("app"), path.resolve("public"));
const server = http.createServer((request, response) => {
  observeHttpRequest(request, response, routes);
  response.writeHead(request.url?.startsWith("/admin") ? 200 : 404).end("ok");
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function count(labels: Record<string, string>): Promise<number> {
  const [metric] = (await metrics().registry.getMetricsAsJSON()).filter(
    (m) => m.name === "billing_http_request_duration_seconds",
  );
  const sample = metric?.values.find(
    (value) =>
      (value as { metricName?: string }).metricName === "billing_http_request_duration_seconds_count" &&
      Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  );
  return sample?.value ?? 0;
}

describe("HTTP request durations", () => {
  it("are counted under the route's pattern and the status class, never the path", async () => {
    const payment = { method: "GET", route: "/admin/payments/[id]", status: "2xx" };
    const probe = { method: "GET", route: "other", status: "4xx" };
    const [paymentBefore, probeBefore] = [await count(payment), await count(probe)];
    for (const id of ["pay_1", "pay_2", "pay_3"]) await fetch(`${base}/admin/payments/${id}?tab=events`);
    await fetch(`${base}/wp-login.php`);
    // "finish" fires as the last byte is handed to the socket: let it run before reading.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await count(payment)).toBe(paymentBefore + 3);
    expect(await count(probe)).toBe(probeBefore + 1);
    const json = JSON.stringify(await metrics().registry.getMetricsAsJSON());
    expect(json).not.toContain("pay_1");
    expect(json).not.toContain("wp-login");
  });
});

describe("the separate worker's metrics (WORKER_METRICS_PORT)", () => {
  it("answer GET /metrics to the token only, and nothing else", async () => {
    const token = "worker-metrics-token-0123456789";
    const worker = await serveWorkerMetrics(0, token);
    const url = `http://127.0.0.1:${(worker.address() as AddressInfo).port}`;
    try {
      const allowed = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await allowed.text()).toContain("# TYPE billing_job_failures_total counter");
      const denied = await fetch(`${url}/metrics`, { headers: { authorization: "Bearer wrong" } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const elsewhere = await fetch(`${url}/other`, { headers: { authorization: `Bearer ${token}` } });
      expect(elsewhere.status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => worker.close(() => resolve()));
    }
    const off = await serveWorkerMetrics(0, undefined);
    try {
      const port = (off.address() as AddressInfo).port;
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => off.close(() => resolve()));
    }
  });
});

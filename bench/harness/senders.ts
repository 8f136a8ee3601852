import http from "node:http";
import { nowMs } from "./stats";

// The load: a fixed pool of concurrent senders, each with one request in flight at a time over a
// keep-alive connection (node:http, the lightest client Node has: the load generator shares the
// machine's two cores with the server and the database, so it must cost as little as possible).

export interface Delivery {
  /** Which payment this delivery is for (copies of one postback share it). */
  key: number;
  body: Buffer;
  contentType: string;
}

export interface SendResult {
  elapsedMs: number;
  sent: number;
  unsent: number;
  /** Per-delivery latency, ms, in completion order. */
  latencies: number[];
  appliedLatencies: number[];
  duplicateLatencies: number[];
  statuses: Record<string, number>;
  outcomes: Record<string, number>;
  errors: string[];
  /** Deliveries that started while another copy of the same postback was in flight. */
  overlapping: number;
}

export async function sendDeliveries(options: {
  url: string;
  deliveries: readonly Delivery[];
  concurrency: number;
  requestTimeoutMs?: number;
  /** Stop starting new deliveries after this long (the run is then a failure). */
  deadlineMs?: number;
}): Promise<SendResult> {
  const target = new URL("/api/webhook/payment", options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const result: SendResult = {
    elapsedMs: 0,
    sent: 0,
    unsent: 0,
    latencies: [],
    appliedLatencies: [],
    duplicateLatencies: [],
    statuses: {},
    outcomes: {},
    errors: [],
    overlapping: 0,
  };
  const inFlight = new Map<number, number>();
  let next = 0;
  const started = nowMs();
  const deadline = started + (options.deadlineMs ?? 300_000);

  const sender = async () => {
    while (next < options.deliveries.length) {
      if (nowMs() > deadline) return;
      const delivery = options.deliveries[next++] as Delivery;
      const siblings = inFlight.get(delivery.key) ?? 0;
      if (siblings > 0) result.overlapping++;
      inFlight.set(delivery.key, siblings + 1);
      const begin = nowMs();
      let status = "error";
      let outcome = "none";
      try {
        const reply = await post(agent, target, delivery, requestTimeoutMs);
        status = String(reply.status);
        outcome = reply.outcome ?? "none";
      } catch (error) {
        if (result.errors.length < 20) result.errors.push(String(error));
      }
      const latency = nowMs() - begin;
      inFlight.set(delivery.key, (inFlight.get(delivery.key) ?? 1) - 1);
      result.sent++;
      result.latencies.push(latency);
      if (outcome === "applied") result.appliedLatencies.push(latency);
      else if (outcome === "duplicate") result.duplicateLatencies.push(latency);
      result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, sender));
  result.elapsedMs = nowMs() - started;
  result.unsent = options.deliveries.length - result.sent;
  agent.destroy();
  return result;
}

function post(
  agent: http.Agent,
  target: URL,
  delivery: Delivery,
  timeoutMs: number,
): Promise<{ status: number; outcome: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        headers: {
          "content-type": delivery.contentType,
          "content-length": delivery.body.length,
          "user-agent": "bench/webhook-ingestion",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          let outcome: string | undefined;
          try {
            outcome = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { outcome?: string }).outcome;
          } catch {
            outcome = undefined;
          }
          resolve({ status: response.statusCode ?? 0, outcome });
        });
        response.on("error", reject);
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(delivery.body);
  });
}

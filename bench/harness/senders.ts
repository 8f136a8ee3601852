import http from "node:http";
import { nowMs } from "./stats";

// The load, over keep-alive connections with node:http (the lightest client Node has: the load
// generator shares the machine's two cores with the servers and the database, so it must cost as
// little as possible). Two shapes:
// - closed loop: C senders, each with one request in flight at a time (a provider retrying as
//   fast as it is answered);
// - open loop: deliveries at a fixed rate whatever the answers do (a provider's steady traffic);
//   each delivery's latency counts from when it was due, so a slow answer that delays the next
//   send is not hidden.
// With several servers, deliveries go to them in turn (round robin), as behind a load balancer.

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
  /** Per-delivery acknowledgement latency, ms: sent (or due) to the last byte of the answer. */
  latencies: number[];
  statuses: Record<string, number>;
  /** The answers' `outcome` field (`received`, `duplicate`, `applied` …; `none` without one). */
  outcomes: Record<string, number>;
  errors: string[];
  /** Deliveries that started while another copy of the same postback was in flight. */
  overlapping: number;
  /** Wall-clock ms (epoch) at which each key's first copy was sent (open loop: was due). */
  firstSentAt: Map<number, number>;
  /** Wall-clock ms (epoch) of the start and of the last answer. */
  startedAtWall: number;
  lastAnswerAtWall: number;
}

/** Wall-clock milliseconds since the epoch, sub-millisecond resolution. */
export const wallMs = () => performance.timeOrigin + performance.now();

interface Target {
  url: URL;
  agent: http.Agent;
}

function targets(urls: readonly string[], maxSockets: number): Target[] {
  return urls.map((url) => ({
    url: new URL("/api/webhook/payment", url),
    agent: new http.Agent({ keepAlive: true, maxSockets }),
  }));
}

/** A result to fill, and the monotonic clock's reading at the same moment as `startedAtWall`. */
function start(): { result: SendResult; started: number } {
  const started = nowMs();
  const result: SendResult = {
    elapsedMs: 0,
    sent: 0,
    unsent: 0,
    latencies: [],
    statuses: {},
    outcomes: {},
    errors: [],
    overlapping: 0,
    firstSentAt: new Map(),
    startedAtWall: wallMs(),
    lastAnswerAtWall: 0,
  };
  return { result, started };
}

/** Sends one delivery and books its answer; `dueMs` (monotonic) is when it counts from. */
function sender(result: SendResult, started: number, all: Target[], requestTimeoutMs: number) {
  const inFlight = new Map<number, number>();
  let turn = 0;
  return async (delivery: Delivery, dueMs: number) => {
    const target = all[turn++ % all.length] as Target;
    const siblings = inFlight.get(delivery.key) ?? 0;
    if (siblings > 0) result.overlapping++;
    inFlight.set(delivery.key, siblings + 1);
    if (!result.firstSentAt.has(delivery.key))
      result.firstSentAt.set(delivery.key, result.startedAtWall + (dueMs - started));
    let status = "error";
    let outcome = "none";
    try {
      const reply = await post(target, delivery, requestTimeoutMs);
      status = String(reply.status);
      outcome = reply.outcome ?? "none";
    } catch (error) {
      if (result.errors.length < 20) result.errors.push(String(error));
    }
    const latency = nowMs() - dueMs;
    result.lastAnswerAtWall = wallMs();
    inFlight.set(delivery.key, (inFlight.get(delivery.key) ?? 1) - 1);
    result.sent++;
    result.latencies.push(latency);
    result.statuses[status] = (result.statuses[status] ?? 0) + 1;
    result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
  };
}

/** Closed loop: `concurrency` senders, each with one request in flight at a time. */
export async function sendDeliveries(options: {
  urls: readonly string[];
  deliveries: readonly Delivery[];
  concurrency: number;
  requestTimeoutMs?: number;
  /** Stop starting new deliveries after this long (the run is then a failure). */
  deadlineMs?: number;
}): Promise<SendResult> {
  const all = targets(options.urls, options.concurrency);
  const { result, started } = start();
  const send = sender(result, started, all, options.requestTimeoutMs ?? 30_000);
  let next = 0;
  const deadline = started + (options.deadlineMs ?? 300_000);
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.deliveries.length && nowMs() <= deadline) {
        await send(options.deliveries[next++] as Delivery, nowMs());
      }
    }),
  );
  return finish(result, options.deliveries.length, started, all);
}

/** Open loop: one delivery every 1/`perSecond` s, without waiting for the answers. */
export async function sendAtRate(options: {
  urls: readonly string[];
  deliveries: readonly Delivery[];
  perSecond: number;
  requestTimeoutMs?: number;
  deadlineMs?: number;
}): Promise<SendResult> {
  const all = targets(options.urls, 256);
  const { result, started } = start();
  const send = sender(result, started, all, options.requestTimeoutMs ?? 30_000);
  const interval = 1000 / options.perSecond;
  const deadline = started + (options.deadlineMs ?? 300_000);
  const pending: Promise<void>[] = [];
  for (const [index, delivery] of options.deliveries.entries()) {
    const due = started + index * interval;
    const wait = due - nowMs();
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (nowMs() > deadline) break;
    pending.push(send(delivery, due));
  }
  await Promise.all(pending);
  return finish(result, options.deliveries.length, started, all);
}

function finish(result: SendResult, total: number, started: number, all: Target[]): SendResult {
  result.elapsedMs = nowMs() - started;
  result.unsent = total - result.sent;
  for (const target of all) target.agent.destroy();
  return result;
}

function post(
  target: Target,
  delivery: Delivery,
  timeoutMs: number,
): Promise<{ status: number; outcome: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.url.hostname,
        port: target.url.port,
        path: target.url.pathname,
        method: "POST",
        agent: target.agent,
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

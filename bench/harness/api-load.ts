import http from "node:http";
import { nowMs } from "./stats";

// A closed loop that runs for a fixed time rather than a fixed count (senders.ts sends a list of
// webhook deliveries): C callers, each with one call in flight, until the time is up, whatever the
// call is (an HTTP request, a statement on a connection of its own). A charge's cost does not
// depend on how many went before it, so a run is as long as asked and its size follows the speed.

export interface LoopResult {
  elapsedMs: number;
  calls: number;
  /** Per call, ms: start to the end of its answer. */
  latencies: number[];
  /** What each call answered (an HTTP status, or the caller's word), `error` when it threw. */
  statuses: Record<string, number>;
  errors: string[];
}

/** `concurrency` callers; each runs `call(caller)` again as soon as it returns, for `seconds`. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  call: (caller: number) => Promise<string>,
): Promise<LoopResult> {
  const result: LoopResult = { elapsedMs: 0, calls: 0, latencies: [], statuses: {}, errors: [] };
  const started = nowMs();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (nowMs() < deadline) {
        const begin = nowMs();
        let status = "error";
        try {
          status = await call(caller);
        } catch (error) {
          if (result.errors.length < 20) result.errors.push(String(error));
        }
        result.latencies.push(nowMs() - begin);
        result.calls++;
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
      }
    }),
  );
  result.elapsedMs = nowMs() - started;
  return result;
}

/** JSON POSTs over keep-alive connections (node:http: the lightest client, it shares the cores). */
export function jsonPoster(baseUrl: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  const post = (path: string, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const payload = Buffer.from(body);
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: "POST",
          agent,
          headers: { ...headers, "content-type": "application/json", "content-length": payload.length },
        },
        (response) => {
          response.resume(); // read and drop the answer: the status is what the run counts
          response.on("end", () => resolve(response.statusCode ?? 0));
          response.on("error", reject);
        },
      );
      request.setTimeout(30_000, () => request.destroy(new Error("no answer within 30 s")));
      request.on("error", reject);
      request.end(payload);
    });
  return { post, close: () => agent.destroy() };
}

import type { MessagePort, Worker } from "node:worker_threads";
import { metrics } from "@/lib/metrics/metrics";

// How the app server's thread learns what the job workers' thread (lib/jobs/worker-thread.ts)
// counted, and whether it is alive. The thread's metrics live in its own registry; the server asks
// over the thread's message port (lib/jobs/start-worker-thread.ts links it here) and gets
// registry.getMetricsAsJSON() back, which GET /api/metrics merges with its own (scrape.ts). The
// links are kept on globalThis: the server script links the thread, a route handler bundled by
// Next asks it.

/** From the server to the thread. */
export type BridgeRequest = { kind: "bridge-request"; id: number; what: "metrics" | "ping" };
/** From the thread to the server. */
export type BridgeReply = { kind: "bridge-reply"; id: number; metrics?: unknown[] };

interface Link {
  ask(what: BridgeRequest["what"], timeoutMs: number): Promise<BridgeReply | null>;
}

const KEY = Symbol.for("billing-dashboard.metrics.worker-threads");

function links(): Set<Link> {
  const store = globalThis as unknown as { [KEY]?: Set<Link> };
  store[KEY] ??= new Set();
  return store[KEY];
}

/** Server side: makes `thread` answerable; returns the function that unlinks it (when it stops). */
export function linkWorkerThread(thread: Worker): () => void {
  let nextId = 0;
  const waiting = new Map<number, (reply: BridgeReply) => void>();
  const onMessage = (message: unknown) => {
    if (!isReply(message)) return;
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  };
  thread.on("message", onMessage);
  const link: Link = {
    ask(what, timeoutMs) {
      const id = ++nextId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          resolve(null);
        }, timeoutMs);
        waiting.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        thread.postMessage({ kind: "bridge-request", id, what } satisfies BridgeRequest);
      });
    },
  };
  links().add(link);
  return () => {
    links().delete(link);
    thread.off("message", onMessage);
  };
}

/** How many worker threads this process runs (linked and not stopped). */
export function linkedWorkerThreads(): number {
  return links().size;
}

/** Each linked thread's metrics (as getMetricsAsJSON gives them); a thread that is late is left out. */
export async function workerThreadMetrics(
  timeoutMs: number,
): Promise<{ metrics: unknown[][]; late: number }> {
  const replies = await Promise.all([...links()].map((link) => link.ask("metrics", timeoutMs)));
  return {
    metrics: replies.flatMap((reply) => (reply?.metrics ? [reply.metrics] : [])),
    late: replies.filter((reply) => !reply).length,
  };
}

/** Whether every linked thread answers within timeoutMs (false when none is linked). */
export async function workerThreadsAnswer(timeoutMs: number): Promise<boolean> {
  const all = [...links()];
  if (all.length === 0) return false;
  const replies = await Promise.all(all.map((link) => link.ask("ping", timeoutMs)));
  return replies.every((reply) => reply !== null);
}

/** Thread side: answers the server's requests on `port`. */
export function answerBridgeRequests(port: MessagePort): void {
  port.on("message", (message: unknown) => {
    if (!isRequest(message)) return;
    if (message.what === "ping") {
      port.postMessage({ kind: "bridge-reply", id: message.id } satisfies BridgeReply);
      return;
    }
    void metrics()
      .registry.getMetricsAsJSON()
      .then((values) =>
        port.postMessage({ kind: "bridge-reply", id: message.id, metrics: values } satisfies BridgeReply),
      );
  });
}

function isRequest(message: unknown): message is BridgeRequest {
  return (
    typeof message === "object" && message !== null && (message as BridgeRequest).kind === "bridge-request"
  );
}

function isReply(message: unknown): message is BridgeReply {
  return typeof message === "object" && message !== null && (message as BridgeReply).kind === "bridge-reply";
}

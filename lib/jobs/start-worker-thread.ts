import { Worker } from "node:worker_threads";
import type { WorkerThreadCommand, WorkerThreadData, WorkerThreadMessage } from "@/lib/jobs/worker-thread";
import { linkWorkerThread } from "@/lib/metrics/worker-bridge";

// Starts lib/jobs/worker-thread.ts from a server that runs under tsx (scripts/next-server.ts).
// Node 20 does not pass `--import tsx` on to a worker's entry module, so the thread's first module
// is a plain-JavaScript line that registers tsx's loader, then imports the TypeScript entry.

export interface WorkerThread {
  /** Resolves when the thread's jobs are finished (or timeoutMs has passed) and the thread has exited. */
  stop(timeoutMs: number): Promise<void>;
}

export async function startWorkerThread(
  connectionString: string,
  onCrash: (error: Error) => void,
): Promise<WorkerThread> {
  const entry = new URL("./worker-thread.ts", import.meta.url).href;
  const loader = import.meta.resolve("tsx/esm/api");
  const boot = `import { register } from ${JSON.stringify(loader)}; register(); await import(${JSON.stringify(entry)});`;
  const thread = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), {
    workerData: { connectionString } satisfies WorkerThreadData,
    name: "billing-jobs",
  });
  let stopping = false;
  // Only our own start-up listeners are removed afterwards: Worker keeps internal listeners of its
  // own (they ref and start its message port), and removeAllListeners() would take those too, after
  // which the server never hears from the thread again (GET /api/ready found it "not answering").
  const started: {
    message(message: WorkerThreadMessage): void;
    error(error: Error): void;
    exit(code: number): void;
  } = { message() {}, error() {}, exit() {} };
  await new Promise<void>((resolve, reject) => {
    started.message = (message) => {
      if (message.kind === "running") resolve();
    };
    started.error = reject;
    started.exit = (code) => reject(new Error(`job workers exited while starting (code ${code})`));
    thread.on("message", started.message).on("error", started.error).on("exit", started.exit);
  });
  thread.off("message", started.message).off("error", started.error).off("exit", started.exit);
  // After start-up, a thread that dies on its own leaves a server that takes payments it never
  // applies: the server is told, and exits so its supervisor restarts the whole of it.
  thread.on("error", (error) => onCrash(error));
  thread.on("exit", (code) => {
    if (!stopping) onCrash(new Error(`job workers exited unexpectedly (code ${code})`));
  });
  // GET /api/metrics asks the thread for its counts, GET /api/ready whether it answers.
  const unlink = linkWorkerThread(thread);
  thread.once("exit", unlink);
  return {
    stop(timeoutMs) {
      stopping = true;
      unlink();
      const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
      thread.postMessage({ kind: "stop", timeoutMs } satisfies WorkerThreadCommand);
      return exited;
    },
  };
}

// The job workers' own thread inside the app server (scripts/next-server.ts starts it, unless
// RUN_WORKERS=false). A thread, not the server's event loop: measured, a worker sharing the loop
// with request handling applied 22–26 payments/s while the same code on a loop of its own kept up
// with acknowledgements (docs/benchmarks.md). It has its own database pool and job-queue
// connections; the server tells it when to stop, and it exits once its jobs are finished.
import { parentPort, workerData } from "node:worker_threads";
import { disconnectDb } from "@/lib/db";
import { surviveLostDatabase } from "@/lib/jobs/survive-lost-database";
import { startWorkers } from "@/lib/jobs/workers";
import { answerBridgeRequests } from "@/lib/metrics/worker-bridge";

export type WorkerThreadData = { connectionString: string };
/** From the thread to the server. */
export type WorkerThreadMessage = { kind: "running" };
/** From the server to the thread. */
export type WorkerThreadCommand = { kind: "stop"; timeoutMs: number };

const port = parentPort;
if (!port) throw new Error("lib/jobs/worker-thread.ts runs as a worker thread (scripts/next-server.ts)");
const { connectionString } = workerData as WorkerThreadData;

surviveLostDatabase();
const workers = await startWorkers(connectionString);
port.postMessage({ kind: "running" } satisfies WorkerThreadMessage);
answerBridgeRequests(port);
// "stop": finish the jobs in hand (for at most timeoutMs), close the connections, end the thread.
port.on("message", (command: WorkerThreadCommand) => {
  if (command.kind !== "stop") return;
  void workers
    .stop(command.timeoutMs)
    .then(() => disconnectDb())
    .finally(() => process.exit(0));
});

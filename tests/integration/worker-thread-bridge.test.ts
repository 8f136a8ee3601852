import { afterAll, expect, it } from "vitest";
import { startWorkerThread, type WorkerThread } from "@/lib/jobs/start-worker-thread";
import { linkedWorkerThreads, workerThreadsAnswer } from "@/lib/metrics/worker-bridge";

// The real job-worker thread, booted as scripts/next-server.ts boots it, answers the server over
// its message port: what GET /api/ready and GET /api/metrics rely on. (Removing every listener of
// the Worker after start-up once cut that line, and every instance running its own workers was
// reported not ready.)

let thread: WorkerThread | undefined;
afterAll(async () => {
  await thread?.stop(1_000);
});

it("answers the server once started, and is unlinked when stopped", async () => {
  thread = await startWorkerThread(process.env.DATABASE_URL!, (error) => {
    throw error;
  });
  expect(linkedWorkerThreads()).toBe(1);
  expect(await workerThreadsAnswer(5_000)).toBe(true);
  await thread.stop(1_000);
  thread = undefined;
  expect(linkedWorkerThreads()).toBe(0);
}, 60_000);

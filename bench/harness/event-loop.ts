import fs from "node:fs";
import path from "node:path";
import { round } from "./stats";

// How long a server's event loop was blocked: a preload hook (NODE_OPTIONS=--import) in each
// server process that serves requests (its title starts with "next-server", under `next start`
// and scripts/next-server.ts alike) samples the event-loop delay with perf_hooks
// (monitorEventLoopDelay, 10 ms resolution: what a 10 ms timer fires late by) and appends one
// line per second to <dir>/<pid>.jsonl. A request that arrives while the loop is busy (a worker
// batch, a GC pause) waits that long before Next sees it, which the acknowledgement latency shows.

export function writeEventLoopHook(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const hook = path.join(dir, "event-loop-hook.mjs");
  fs.writeFileSync(
    hook,
    `import { monitorEventLoopDelay } from "node:perf_hooks";
import { appendFileSync } from "node:fs";
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setInterval(() => {
  if (process.title.startsWith("next-server") && histogram.count > 0) {
    // The histogram holds the time between two ticks of a 10 ms timer: the delay is what exceeds 10 ms.
    const late = (ns) => Math.max(0, ns / 1e6 - 10);
    const line = { at: Date.now(), count: histogram.count, p50: late(histogram.percentile(50)),
      p99: late(histogram.percentile(99)), max: late(histogram.max) };
    appendFileSync(${JSON.stringify(dir)} + "/" + process.pid + ".jsonl", JSON.stringify(line) + "\\n");
  }
  histogram.reset();
}, 1000).unref();
`,
  );
  return hook;
}

export interface EventLoopDelay {
  /** Seconds sampled (one line per second per server process). */
  seconds: number;
  /** Of the per-second p99s: the median and the worst; and the longest single delay, ms. */
  p99MedianMs: number;
  p99WorstMs: number;
  maxMs: number;
}

/** The event-loop delay of the given server processes between two wall-clock times (ms). */
export function eventLoopDelay(
  dir: string,
  pids: readonly number[],
  fromMs: number,
  toMs: number,
): EventLoopDelay | null {
  const lines: { at: number; p99: number; max: number }[] = [];
  for (const pid of pids) {
    let text = "";
    try {
      text = fs.readFileSync(path.join(dir, `${pid}.jsonl`), "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n")) {
      if (!line) continue;
      const entry = JSON.parse(line) as { at: number; p99: number; max: number };
      // A line covers the second before it was written.
      if (entry.at > fromMs + 1000 && entry.at <= toMs) lines.push(entry);
    }
  }
  if (lines.length === 0) return null;
  const p99s = lines.map((line) => line.p99).sort((a, b) => a - b);
  return {
    seconds: lines.length,
    p99MedianMs: round(p99s[Math.floor(p99s.length / 2)] ?? 0, 1),
    p99WorstMs: round(p99s.at(-1) ?? 0, 1),
    maxMs: round(Math.max(...lines.map((line) => line.max)), 1),
  };
}

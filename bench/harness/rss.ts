import fs from "node:fs";

// Resident memory of a process tree, from /proc/<pid>/status (Linux), sampled on a timer. The
// app server is `tsx scripts/serve.ts start` → `next start` (→ its workers): what the app itself
// holds is the `next start` process and its descendants, not the launcher above it.

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function childrenOf(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return children;
  }
  for (const entry of entries) {
    const stat = readText(`/proc/${entry}/stat`);
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  return children;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const children = childrenOf();
  const found: number[] = [root];
  for (let index = 0; index < found.length; index++)
    for (const child of children.get(found[index] ?? -1) ?? []) if (!found.includes(child)) found.push(child);
  return found;
}

export function commandLine(pid: number): string {
  return (readText(`/proc/${pid}/cmdline`) ?? "").replaceAll("\0", " ").trim();
}

/**
 * The `next start` process below the launcher, or null when there is none (not Linux, or not
 * started yet). Next renames its process (process.title, which rewrites /proc/<pid>/cmdline) to
 * "next-server (vX.Y.Z)"; before that, its command line runs Next's CLI with `start`.
 */
export function findNextServer(launcherPid: number): number | null {
  for (const pid of processTree(launcherPid)) {
    const cmd = commandLine(pid);
    if (cmd.startsWith("next-server") || /\bnext(\.js)?\s+start\b/.test(cmd)) return pid;
  }
  return null;
}

/** VmRSS of one process in kB, 0 when it is gone. */
function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readText(`/proc/${pid}/status`) ?? "");
  return match ? Number(match[1]) : 0;
}

/** Sum of VmRSS over a process and its descendants, MB (MiB). */
export function treeRssMb(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
}

export interface RssSamples {
  samples: number;
  intervalMs: number;
  minMb: number;
  meanMb: number;
  peakMb: number;
}

/**
 * Samples the VmRSS sum of `root`'s tree every `intervalMs` until stop(). The tree itself is
 * re-read once a second (walking /proc costs more than reading a few status files).
 */
export function sampleRss(root: number, intervalMs = 50): { stop(): RssSamples } {
  let pids = processTree(root);
  let ticks = 0;
  const sample = () => {
    if (++ticks % Math.max(1, Math.round(1000 / intervalMs)) === 0) pids = processTree(root);
    return pids.reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
  };
  const values: number[] = [sample()];
  const timer = setInterval(() => values.push(sample()), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      values.push(sample());
      const round = (value: number) => Math.round(value * 10) / 10;
      return {
        samples: values.length,
        intervalMs,
        minMb: round(Math.min(...values)),
        meanMb: round(values.reduce((sum, value) => sum + value, 0) / values.length),
        peakMb: round(Math.max(...values)),
      };
    },
  };
}

import fs from "node:fs";

// CPU time per component, from /proc (Linux): the app server's process tree, the PostgreSQL
// processes, the emulator's process and this process (load generator). Two snapshots around a
// phase give CPU-milliseconds per component, which is what tells where a delivery's time goes on
// a machine whose two cores are shared by all of them.

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

export type CpuGroup = "app" | "postgres" | "emulator" | "bench";
/** Per group, plus `machine`: every CPU's busy time (/proc/stat), to see what else ran meanwhile. */
export type CpuSnapshot = (Record<CpuGroup, number> & { machine: number }) | null;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
}

function readProcStats(): ProcStat[] | null {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const pid of entries) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // After "pid (comm) ": state ppid … utime, stime, cutime, cstime are fields 14–17 overall,
    // indexes 11–14 here. cutime/cstime hold the CPU of children that exited and were reaped (a
    // PostgreSQL backend whose client disconnected), so nothing is lost between two snapshots.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    stats.push({ pid: Number(pid), ppid: Number(fields[1]), comm, ticks });
  }
  return stats;
}

function descendants(stats: ProcStat[], root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found = new Set<number>([root]);
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() ?? -1) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** CPU-milliseconds consumed so far by each group (live processes only). */
export function cpuSnapshot(roots: { app: number; emulator: number }): CpuSnapshot {
  const stats = readProcStats();
  if (!stats) return null;
  const app = descendants(stats, roots.app);
  const emulator = descendants(stats, roots.emulator);
  const mine = descendants(stats, process.pid);
  const totals = { app: 0, postgres: 0, emulator: 0, bench: 0, machine: machineBusyMs() };
  for (const stat of stats) {
    const ms = (stat.ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    if (app.has(stat.pid)) totals.app += ms;
    else if (emulator.has(stat.pid)) totals.emulator += ms;
    else if (stat.pid === process.pid) totals.bench += ms;
    else if (mine.has(stat.pid) && stat.comm === "postgres") totals.postgres += ms;
  }
  return totals;
}

/** Busy time of all CPUs together since boot (user + nice + system + irq + softirq + steal), ms. */
function machineBusyMs(): number {
  try {
    const fields =
      fs.readFileSync("/proc/stat", "utf8").split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export type CpuUse = Record<CpuGroup, number> & {
  /** CPU used by processes that are not part of the benchmark (another job on the machine). */
  other: number;
};

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuUse | null {
  if (!before || !after) return null;
  const use = {
    app: after.app - before.app,
    postgres: after.postgres - before.postgres,
    emulator: after.emulator - before.emulator,
    bench: after.bench - before.bench,
  };
  const ours = use.app + use.postgres + use.emulator + use.bench;
  return { ...use, other: Math.max(0, after.machine - before.machine - ours) };
}

import fs from "node:fs";

// CPU time per component, from /proc (Linux): the process trees of the app servers under test, the
// PostgreSQL processes, the emulator's process, this process (load generator), and the benchmark's
// other children (servers standing by for another variant). Two snapshots around a phase give
// CPU-milliseconds per component, which is what tells where a delivery's time goes on a machine
// whose two cores are shared by all of them.

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node supports

export type CpuGroup = "app" | "postgres" | "emulator" | "bench" | "standby";
/**
 * Per group, plus `machine`: every CPU's busy time (/proc/stat), to see what else ran meanwhile,
 * and `postgresBackground`: the part of `postgres` spent in its live background processes (WAL
 * writer, checkpointer, background writer, I/O workers, autovacuum launcher) and the postmaster
 * itself; the rest is the backends' (live or exited) and autovacuum workers'.
 */
export type CpuSnapshot = (Record<CpuGroup, number> & { machine: number; postgresBackground: number }) | null;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  ticks: number;
  /** utime + stime alone, without reaped children. */
  ownTicks: number;
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
    const ownTicks = Number(fields[11]) + Number(fields[12]);
    stats.push({ pid: Number(pid), ppid: Number(fields[1]), comm, ticks, ownTicks });
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

/** `root` and every live process below it. */
export function processTree(root: number): Set<number> {
  const stats = readProcStats();
  return stats ? descendants(stats, root) : new Set([root]);
}

/** CPU-milliseconds consumed so far by each group (live processes only). */
export function cpuSnapshot(roots: { app: readonly number[]; emulator: number }): CpuSnapshot {
  const stats = readProcStats();
  if (!stats) return null;
  const app = new Set(roots.app.flatMap((root) => [...descendants(stats, root)]));
  const emulator = descendants(stats, roots.emulator);
  const mine = descendants(stats, process.pid);
  const totals = {
    app: 0,
    postgres: 0,
    emulator: 0,
    bench: 0,
    standby: 0,
    machine: machineBusyMs(),
    postgresBackground: 0,
  };
  for (const stat of stats) {
    const ms = (stat.ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    if (app.has(stat.pid)) totals.app += ms;
    else if (emulator.has(stat.pid)) totals.emulator += ms;
    else if (stat.pid === process.pid) totals.bench += ms;
    else if (mine.has(stat.pid) && stat.comm === "postgres") {
      totals.postgres += ms;
      // Own CPU only: a backend that exits hands its CPU to the postmaster's reaped-children count.
      if (!isClientBackend(stat.pid))
        totals.postgresBackground += (stat.ownTicks * 1000) / CLOCK_TICKS_PER_SECOND;
    } else if (mine.has(stat.pid)) totals.standby += ms;
  }
  return totals;
}

/** A backend serving a client shows the client's address in its title: "postgres: user db 127.0.0.1(5432) idle". */
function isClientBackend(pid: number): boolean {
  try {
    return /\(\d+\)/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
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
  /** Of `postgres`: outside the live client backends. */
  postgresBackground: number;
};

export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuUse | null {
  if (!before || !after) return null;
  const use = {
    app: after.app - before.app,
    postgres: after.postgres - before.postgres,
    emulator: after.emulator - before.emulator,
    bench: after.bench - before.bench,
    standby: after.standby - before.standby,
  };
  const ours = use.app + use.postgres + use.emulator + use.bench + use.standby;
  return {
    ...use,
    other: Math.max(0, after.machine - before.machine - ours),
    postgresBackground: after.postgresBackground - before.postgresBackground,
  };
}

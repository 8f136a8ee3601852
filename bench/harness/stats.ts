// Latency summaries and small formatting helpers shared by the benchmark's phases.

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles over latencies in milliseconds. */
export function summarize(latenciesMs: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const count = sorted.length;
  if (count === 0) return { count, meanMs: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0 };
  let sum = 0;
  for (const value of sorted) sum += value;
  const rank = (p: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil((p / 100) * count) - 1))] ?? 0;
  return {
    count,
    meanMs: round(sum / count),
    p50Ms: round(rank(50)),
    p95Ms: round(rank(95)),
    p99Ms: round(rank(99)),
    maxMs: round(sorted[count - 1] ?? 0),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** A deterministic PRNG (mulberry32) so a run's delivery order can be reproduced from its seed. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Every item `copies` times, in an order where the copies of one item land close to each other
 * (each copy moves forward by up to `window` places from where it started): duplicates of the
 * same delivery interleave with other deliveries, and some of them are in flight at the same
 * time, which is what makes the row lock and the transition table do their work.
 */
export function interleave<T>(
  items: readonly T[],
  copies: number,
  window: number,
  random: () => number,
): T[] {
  const order = items.map((item) => ({ item, key: random() }));
  order.sort((a, b) => a.key - b.key);
  const keyed: { item: T; key: number }[] = [];
  let position = 0;
  for (const { item } of order) {
    for (let copy = 0; copy < copies; copy++) keyed.push({ item, key: position++ + random() * window });
  }
  keyed.sort((a, b) => a.key - b.key);
  return keyed.map((entry) => entry.item);
}

/** A plain-text table: first row is the header. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((row) => row.map(String));
  const widths =
    cells[0]?.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  const [header, ...body] = cells;
  return [line(header ?? []), widths.map((width) => "-".repeat(width)).join("  "), ...body.map(line)].join(
    "\n",
  );
}

/** Formats a Date the way Prisma sends timestamps to PostgreSQL: UTC, "YYYY-MM-DD HH:MM:SS.mmm". */
export function pgTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

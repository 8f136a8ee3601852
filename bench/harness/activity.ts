import pg from "pg";
import { round } from "./stats";
import { BENCH_TAG } from "./statements";

// What the app's database connections were doing during a run: pg_stat_activity sampled every
// 100 ms (from a connection of the benchmark's own, to another database), averaged per
// connection pool (application_name: "" for Prisma's pool, "billing-jobs" for pg-boss's…), state
// (active, idle, idle in transaction) and wait (a lock, the client, I/O, or none: running). "Idle in
// transaction" is a connection holding a transaction open while the app is not sending anything:
// its JavaScript has not run yet. All connections of a pool active at once is a pool that is too
// small for its load.

export interface ActivitySample {
  pool: string;
  state: string;
  wait: string;
  /** Connections in this state, on average over the run's samples. */
  connections: number;
}

export async function sampleActivity(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: "bench" });
  await client.connect();
  const sums = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const result = await client.query<{ app: string; state: string; wait: string; n: string }>(
        `SELECT ${BENCH_TAG} application_name AS app, coalesce(state, '?') AS state,
           coalesce(wait_event_type || ':' || wait_event, 'running') AS wait, count(*) AS n
         FROM pg_stat_activity
         WHERE datname = $1 AND backend_type = 'client backend' AND application_name <> 'bench'
         GROUP BY 1, 2, 3`,
        [database],
      );
      samples++;
      for (const row of result.rows) {
        const key = JSON.stringify([row.app || "(Prisma)", row.state, row.wait]);
        sums.set(key, (sums.get(key) ?? 0) + Number(row.n));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop(): Promise<ActivitySample[]> {
      running = false;
      await loop.catch(() => undefined);
      await client.end();
      return [...sums]
        .map(([key, sum]) => {
          const [pool = "", state = "", wait = ""] = JSON.parse(key) as string[];
          return { pool, state, wait, connections: round(sum / Math.max(1, samples), 2) };
        })
        .filter((entry) => entry.connections >= 0.05)
        .sort((a, b) => b.connections - a.connections);
    },
  };
}

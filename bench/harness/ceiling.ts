import pg from "pg";
import type { Fixture } from "./fixtures";
import { replayDelivery, type DeliveryTrace } from "./sql-trace";
import { nowMs } from "./stats";

// The ceiling: the app's per-delivery SQL (captured by sql-trace.ts) replayed with raw node-postgres
// on the same database server, C clients each on its own connection, the same delivery mix and
// order rules as the HTTP run. No HTTP, no Next, no Prisma, no JWT, no re-fetch: what the database
// path alone allows on this machine.

export interface CeilingResult {
  elapsedMs: number;
  sent: number;
  unsent: number;
  latencies: number[];
  appliedLatencies: number[];
  duplicateLatencies: number[];
  outcomes: Record<string, number>;
  errors: string[];
  overlapping: number;
}

export async function runCeiling(options: {
  databaseUrl: string;
  trace: DeliveryTrace;
  /** Indexes into `fixtures`, each payment several times. */
  order: readonly number[];
  fixtures: readonly Fixture[];
  concurrency: number;
  deadlineMs?: number;
}): Promise<CeilingResult> {
  const clients = await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const result: CeilingResult = {
    elapsedMs: 0,
    sent: 0,
    unsent: 0,
    latencies: [],
    appliedLatencies: [],
    duplicateLatencies: [],
    outcomes: {},
    errors: [],
    overlapping: 0,
  };
  const inFlight = new Map<number, number>();
  let next = 0;
  const started = nowMs();
  const deadline = started + (options.deadlineMs ?? 300_000);
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (next < options.order.length) {
          if (nowMs() > deadline) return;
          const index = options.order[next++] as number;
          const fixture = options.fixtures[index] as Fixture;
          const siblings = inFlight.get(index) ?? 0;
          if (siblings > 0) result.overlapping++;
          inFlight.set(index, siblings + 1);
          const begin = nowMs();
          let outcome = "error";
          try {
            outcome = await replayDelivery(client, options.trace, fixture);
          } catch (error) {
            if (result.errors.length < 20) result.errors.push(String(error));
          }
          const latency = nowMs() - begin;
          inFlight.set(index, (inFlight.get(index) ?? 1) - 1);
          result.sent++;
          result.latencies.push(latency);
          if (outcome === "applied") result.appliedLatencies.push(latency);
          else if (outcome === "duplicate") result.duplicateLatencies.push(latency);
          result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1;
        }
      }),
    );
  } finally {
    result.elapsedMs = nowMs() - started;
    result.unsent = options.order.length - result.sent;
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
  return result;
}

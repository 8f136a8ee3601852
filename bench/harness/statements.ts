import pg from "pg";

// Statement counts from PostgreSQL itself: pg_stat_statements (loaded with
// shared_preload_libraries when the benchmark's server starts) counts every top-level statement
// each database ran (`calls`) and, while track_planning is on, how often each was planned
// (`plans`). Reset at the start of a measured window and read at its end, it gives the statements
// of one variant's run exactly, whichever connection, pool or process sent them: the request's,
// the worker's, pg-boss's polls. The benchmark's own queries in the window (its "all applied?"
// poll) carry BENCH_TAG and are left out. Whether the driver sent a statement under a name
// (prepared) is not visible here: the SQL capture (sql-trace.ts) records that; `plans` shows what
// the name buys, a statement PostgreSQL does not plan again on every call.

/**
 * Comment inside the benchmark's own queries in a measured window (after the first keyword:
 * PostgreSQL's statement text starts at the first token, so a leading comment is not kept).
 */
export const BENCH_TAG = "/* bench */";

export interface StatementRow {
  query: string;
  calls: number;
  plans: number;
  /** Time spent executing (and planning, when tracked), ms. */
  ms: number;
}

/** Turns pg_stat_statements on in the server behind `adminUrl`; it takes effect after a restart. */
export async function preloadStatementStats(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
  } finally {
    await client.end();
  }
}

export class StatementStats {
  private readonly pool: pg.Pool;

  /** `adminUrl`: a superuser's connection to a database of its own (its queries are not counted). */
  constructor(adminUrl: string) {
    this.pool = new pg.Pool({ connectionString: adminUrl, max: 1 });
  }

  async install(): Promise<void> {
    await this.pool.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    await this.configure({ planning: false });
  }

  /** Top-level statements always; their planning only when asked (it costs more under contention). */
  async configure(options: { planning: boolean }): Promise<void> {
    await this.pool.query(`ALTER SYSTEM SET pg_stat_statements.track = 'top'`);
    await this.pool.query(
      `ALTER SYSTEM SET pg_stat_statements.track_planning = ${options.planning ? "on" : "off"}`,
    );
    await this.pool.query("SELECT pg_reload_conf()");
    // Each backend takes the new settings at its next statement; give the idle ones a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  async reset(): Promise<void> {
    await this.pool.query("SELECT pg_stat_statements_reset()");
  }

  /** What `database` ran since the last reset, the benchmark's own tagged queries excluded. */
  async read(database: string): Promise<StatementRow[]> {
    const result = await this.pool.query<{ query: string; calls: string; plans: string; ms: number }>(
      `SELECT s.query, sum(s.calls) AS calls, sum(s.plans) AS plans,
         sum(s.total_exec_time + s.total_plan_time)::float8 AS ms
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = $1 AND s.toplevel AND s.query NOT LIKE $2
       GROUP BY s.query`,
      [database, `%${BENCH_TAG}%`],
    );
    return result.rows.map((row) => ({
      query: row.query,
      calls: Number(row.calls),
      plans: Number(row.plans),
      ms: row.ms,
    }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * A statement's text as pg_stat_statements keeps it, give or take: comments dropped, every
 * constant (booleans and NULL included) and parameter a `?`, lists of them one `?`, whitespace collapsed.
 * pg_stat_statements stores a statement's text with its constants replaced by parameters when it
 * sees it parsed, and as sent when it sees a prepared statement run, so the app's captured texts
 * match either only this way.
 */
export function normalizeSql(sql: string): string {
  let out = "";
  let index = 0;
  while (index < sql.length) {
    const rest = sql.slice(index);
    const token =
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^'(?:[^']|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^\$\d+/.exec(rest) ??
      /^\d+(?:\.\d+)?/.exec(rest) ??
      /^[A-Za-z_][A-Za-z0-9_$]*/.exec(rest) ??
      /^\s+/.exec(rest) ??
      /^[\s\S]/.exec(rest);
    const text = token?.[0] ?? rest;
    index += text.length;
    if (text.startsWith("--") || text.startsWith("/*")) out += " ";
    else if (
      text.startsWith("'") ||
      text.startsWith("$") ||
      /^\d/.test(text) ||
      /^(true|false|null)$/i.test(text)
    )
      out += "?";
    else if (/^\s/.test(text)) out += " ";
    else out += text;
  }
  // PostgreSQL 18 keeps a list of constants as its first one (`IN ($1 /*, ... */)`).
  return out
    .replace(/\s+/g, " ")
    .replace(/\?(\s*,\s*\?)+/g, "?")
    .replace(/\(\s*\?\s*\)/g, "(?)")
    .trim();
}

export interface StatementClass {
  name: string;
  calls: number;
  plans: number;
  /** Time PostgreSQL spent executing (and planning, when tracked) these statements, ms. */
  ms: number;
  /** For "other": its most frequent texts, shortened. */
  examples?: { query: string; calls: number }[];
}

/**
 * The referential-integrity queries PostgreSQL's own triggers run (`SELECT 1 FROM ONLY … x WHERE …
 * FOR KEY SHARE OF x`): pg_stat_statements lists some of them as top-level, but nobody sends them,
 * so they are shown apart and not counted as statements.
 */
export const FOREIGN_KEY_CHECKS = "foreign-key checks (PostgreSQL's triggers; not counted)";

/**
 * Statement counts by kind. `known` maps the exact texts of the app's captured statements to a
 * kind; the rest is sorted by shape: transaction control, pg-boss's fetch, complete and everything
 * else it runs (maintenance, other queues), and "other".
 */
export function classify(
  rows: readonly StatementRow[],
  known: ReadonlyMap<string, string>,
  /**
   * The kind that runs exactly once per transaction, when the app sends BEGIN and COMMIT as named
   * statements: pg_stat_statements counts a named utility statement only on its first execution on
   * a connection, so BEGIN and COMMIT are then counted as that kind's calls instead.
   */
  transactionsFrom?: string,
): StatementClass[] {
  const byName = new Map<string, StatementClass>();
  const knownFlat = new Map([...known].map(([sql, name]) => [normalizeSql(sql), name]));
  // A text that still differs (another constant pg_stat_statements replaces) matches by its start.
  const byStart = (text: string) => {
    const found = [...knownFlat].filter(([sql]) => sql.slice(0, 300) === text.slice(0, 300));
    return found.length === 1 ? found[0]?.[1] : undefined;
  };
  for (const row of rows) {
    const text = normalizeSql(row.query);
    const name = /FOR KEY SHARE OF x$/.test(text)
      ? FOREIGN_KEY_CHECKS
      : /^(BEGIN|START TRANSACTION)\b/i.test(text)
        ? "BEGIN"
        : /^(COMMIT|ROLLBACK)\b/i.test(text)
          ? (text.split(" ")[0]?.toUpperCase() ?? "COMMIT")
          : (knownFlat.get(text) ??
            byStart(text) ??
            (text.includes("pgboss.job") && text.includes("SKIP LOCKED")
              ? "pg-boss fetch"
              : text.includes("pgboss.job") && text.includes("completed_on = now()")
                ? "pg-boss complete"
                : text.includes("pgboss.")
                  ? "pg-boss other (maintenance, other queues)"
                  : "other"));
    const entry = byName.get(name) ?? { name, calls: 0, plans: 0, ms: 0 };
    entry.calls += row.calls;
    entry.plans += row.plans;
    entry.ms = Math.round((entry.ms + row.ms) * 10) / 10;
    if (name === "other") {
      entry.examples = [...(entry.examples ?? []), { query: text.slice(0, 200), calls: row.calls }]
        .sort((a, b) => b.calls - a.calls)
        .slice(0, 25);
    }
    byName.set(name, entry);
  }
  if (transactionsFrom) {
    const transactions = byName.get(transactionsFrom)?.calls ?? 0;
    for (const name of ["BEGIN", "COMMIT"]) {
      byName.set(name, { name, calls: transactions, plans: 0, ms: byName.get(name)?.ms ?? 0 });
    }
  }
  return [...byName.values()].sort((a, b) => b.calls - a.calls);
}

/** Statements sent, by every connection: PostgreSQL's own foreign-key checks left out. */
export const totalCalls = (classes: readonly StatementClass[]) =>
  classes.reduce((sum, entry) => sum + (entry.name === FOREIGN_KEY_CHECKS ? 0 : entry.calls), 0);

export const callsOf = (classes: readonly StatementClass[], ...names: string[]) =>
  classes.filter((entry) => names.includes(entry.name)).reduce((sum, entry) => sum + entry.calls, 0);

// `npm run bench -- admin`: the admin payments table (/admin/payments) against the production build,
// at 1,000,000 payments by default. See bench/README.md and docs/admin-payments.md.
//
// 1. next build (when stale); an embedded PostgreSQL (a temporary one, or --data-dir to keep and
//    reuse one), migrated; `scripts/seed-large.ts --payments N` unless the data set already holds
//    exactly N generated payments; the production server (`tsx scripts/serve.ts start`, which
//    migrates and seeds the catalog and the admin account itself) on that database;
// 2. sign in as the admin over HTTP (next-auth credentials, like the login form);
// 3. per case (page 1, 10,000 rows deep, last page, each filter alone, an email search, sorted by
//    amount): sequential GETs of the page's HTML, timed to the last byte;
// 4. the same pages' SQL with raw node-postgres, the app's way (keyset page + capped count) and
//    the old way (OFFSET k + COUNT(*)), on the same database in the same run: the ratios;
// 5. the CSV export of ≈100,000 filtered rows: rows/s and the app server's resident memory;
// 6. EXPLAIN (ANALYZE, BUFFERS) of the statements that explain the figures;
// 7. a table on stdout and bench/results/admin-payments.json.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { encodePaymentCursor, positionOf } from "@/lib/billing/admin/payment-cursor";
import {
  parsePaymentListParams,
  paymentListSearchParams,
  type PaymentListQuery,
} from "@/lib/billing/admin/payment-query";
import { paymentRowsSql, type AdminPaymentRow } from "@/lib/billing/admin/payment-rows";
import { EXACT_COUNT_LIMIT } from "@/lib/billing/admin/payment-total";
import { db, disconnectDb } from "@/lib/db";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { Prisma } from "@/lib/generated/prisma/client";
import { runMigrations } from "@/scripts/run-migrations";
import { cpuDelta, cpuSnapshot } from "./harness/cpu";
import { HttpClient } from "./harness/http-client";
import { log, onCleanup, productionBuild, runBenchmark, scratchDirectory } from "./harness/lifecycle";
import { machineInfo } from "./harness/machine";
import {
  explainAnalyze,
  inlineSql,
  keysetStatements,
  offsetStatements,
  runKeyset,
  runOffset,
  whereOf,
  type KeysetStatements,
  type OffsetStatements,
  type PgStatement,
} from "./harness/payment-sql";
import { findNextServer, sampleRss, type RssSamples } from "./harness/rss";
import { startAppServer, tail } from "./harness/server";
import { nowMs, round, summarize, table, type LatencySummary } from "./harness/stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_FILE = path.join(ROOT, "bench", "results", "admin-payments.json");
const TARGET = { p95Ms: 100, deepSpeedup: 20 };
const DEEP_ROWS = 10_000;
const CSV_ROWS = 100_000;
const ADMIN_EMAIL = "bench-admin@example.com";
const WATCHDOG_MS = 45 * 60_000;
/** Above this many cores used by processes outside the benchmark, a phase's figures are suspect. */
const FOREIGN_CORES_WARNING = 0.1;

const { values: args } = parseArgs({
  options: {
    payments: { type: "string", default: "1000000" },
    "data-dir": { type: "string" },
    runs: { type: "string", default: "30" },
    warmup: { type: "string", default: "5" },
    "baseline-budget": { type: "string", default: "45" },
    "csv-runs": { type: "string", default: "2" },
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    "app-dir": { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- admin [options]
  --payments 1000000      generated payments in the data set (made with scripts/seed-large.ts
                          when the data set does not hold exactly that many)
  --data-dir DIR          keep the embedded PostgreSQL in DIR and reuse it on the next run
                          (default: a temporary directory, removed at the end)
  --runs 30 --warmup 5    measured and warm-up requests per case (sequential)
  --baseline-budget 45    seconds per OFFSET + COUNT(*) case; slower cases get fewer runs (≥ 5)
  --csv-runs 2            measured CSV exports
  --build / --no-build    always rebuild / never build (default: build when sources are newer)
  --app-dir DIR           serve the app from another checkout of this project (default: this one)`);
  process.exit(0);
}
const PAYMENTS = positiveInteger("--payments", args.payments);
const RUNS = positiveInteger("--runs", args.runs);
const WARMUP = Number(args.warmup);
const BASELINE_BUDGET_MS = positiveInteger("--baseline-budget", args["baseline-budget"]) * 1000;
const CSV_RUNS = positiveInteger("--csv-runs", args["csv-runs"]);
const APP_DIR = path.resolve(args["app-dir"] ?? ROOT);

type Kind = "first" | "deep" | "last";
interface CaseSpec {
  name: string;
  params: Record<string, string>;
  kind: Kind;
}

interface Case extends CaseSpec {
  query: PaymentListQuery;
  /** `/admin/payments?…`, canonical (defaults left out). */
  url: string;
  keyset: KeysetStatements;
  offset: OffsetStatements;
  /** Rows skipped by the OFFSET statement. */
  offsetRows: number;
  /** Rows matching the filters (COUNT(*), once). */
  matching: number;
}

interface Timing {
  runs: number;
  warmup: number;
  latency: LatencySummary;
}

interface CaseReport {
  name: string;
  kind: Kind;
  url: string;
  matching: number;
  totalShown: { count: number; exact: boolean };
  offsetRows: number;
  sameRows: boolean;
  http: Timing & { bytes: number; firstByteP50Ms: number };
  keysetSql: Timing;
  offsetSql: Timing;
  /** OFFSET + COUNT(*) ÷ keyset, both SQL only. */
  sqlSpeedupP50: number;
  sqlSpeedupP95: number;
  /** OFFSET + COUNT(*) SQL alone ÷ the whole keyset page over HTTP: a lower bound for the page. */
  pageSpeedupLowerBoundP50: number;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  const build = await productionBuild(APP_DIR, args);

  const tmp = scratchDirectory("bench-admin-");

  const dataDir = path.resolve(args["data-dir"] ?? path.join(tmp, "db"));
  log(`starting the embedded PostgreSQL in ${dataDir}${args["data-dir"] ? " (kept)" : " (temporary)"}`);
  const database = await startEmbeddedPostgres({ dataDir });
  onCleanup(() => database.stop());
  const databaseUrl = database.url();
  await runMigrations(databaseUrl);
  // The in-process query layer (plan lookup, cursors) uses the app's Prisma client.
  process.env.DATABASE_URL = databaseUrl;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  onCleanup(async () => {
    await pool.end();
    await disconnectDb();
  });

  const dataset = await ensureDataset(pool, databaseUrl);
  const adminPassword = randomBytes(18).toString("base64url");
  await resetBenchAdmin(pool, adminPassword);

  log("starting the production server (tsx scripts/serve.ts start)");
  const server = await startAppServer({
    root: APP_DIR,
    env: {
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(tmp, "app-data"),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      ADMIN_EMAIL,
      ADMIN_PASSWORD: adminPassword,
    },
    logFile: path.join(tmp, "server.log"),
  });
  onCleanup(() => server.stop());
  const nextPid = findNextServer(server.pid);
  log(`app on ${server.url} (launcher pid ${server.pid}, next start pid ${nextPid ?? "?"})`);

  const client = new HttpClient(server.url);
  onCleanup(() => client.close());
  await client.signIn(ADMIN_EMAIL, adminPassword);
  log(`signed in as ${ADMIN_EMAIL}`);

  const machine = await machineInfo(ROOT, pool);
  const facts = await dataFacts(pool);
  const cases = await buildCases(pool, facts);
  log(
    `${cases.length} cases; typical customer ${facts.typicalEmail} (${facts.typicalPayments} payments), ` +
      `date range ${facts.monthFrom}…${facts.monthTo}`,
  );

  // Same rows both ways, and the page really is the signed-in admin table.
  const checks: { name: string; pass: boolean; detail: string }[] = [];
  for (const c of cases) {
    const keyset = await runKeyset(pool, c.keyset, c.query);
    const offset = await runOffset(pool, c.offset);
    const same = keyset.ids.join() === offset.ids.join() && keyset.ids.length > 0;
    checks.push({
      name: `${c.name}: keyset rows = OFFSET rows`,
      pass: same,
      detail: `${keyset.ids.length} rows`,
    });
    const page = await client.request("GET", c.url);
    const html = page.body.toString("utf8");
    checks.push({
      name: `${c.name}: page 200 with the table`,
      pass: page.status === 200 && html.includes('data-testid="payments-total"'),
      detail: `HTTP ${page.status}, ${page.bytes} bytes`,
    });
  }
  const failed = checks.filter((check) => !check.pass);
  if (failed.length > 0) {
    throw new Error(
      `sanity checks failed:\n${failed.map((f) => `  ${f.name}: ${f.detail}`).join("\n")}\n${tail(server.logFile, 20)}`,
    );
  }

  const phases: Record<string, { seconds: number; foreignCores: number | null }> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    log(name);
    const before = cpuSnapshot({ app: [server.pid], emulator: server.pid });
    const started = nowMs();
    const result = await fn();
    const ms = nowMs() - started;
    const cpu = cpuDelta(before, cpuSnapshot({ app: [server.pid], emulator: server.pid }));
    const foreignCores = cpu ? round(cpu.other / ms, 2) : null;
    phases[name] = { seconds: round(ms / 1000, 1), foreignCores };
    if ((foreignCores ?? 0) > FOREIGN_CORES_WARNING)
      log(`  WARNING: other processes on this machine used ${foreignCores} cores during this phase`);
    return result;
  };

  const http = await phase("HTTP: GET /admin/payments per case", async () => {
    const results = new Map<string, Timing & { bytes: number; firstByteP50Ms: number }>();
    for (const c of cases) {
      let bytes = 0;
      const firstBytes: number[] = [];
      const timing = await measure(
        async () => {
          const response = await client.request("GET", c.url);
          if (response.status !== 200) throw new Error(`${c.url}: HTTP ${response.status}`);
          bytes = response.bytes;
          firstBytes.push(response.firstByteMs);
          return response.totalMs;
        },
        { warmup: WARMUP, runs: RUNS },
      );
      const firstByteP50Ms = summarize(firstBytes.slice(timing.warmup)).p50Ms;
      results.set(c.name, { ...timing, bytes, firstByteP50Ms });
      log(`  ${c.name}: p50 ${timing.latency.p50Ms} / p95 ${timing.latency.p95Ms} ms`);
    }
    return results;
  });

  const totals = new Map<string, { count: number; exact: boolean }>();
  const keysetSql = await phase("SQL: keyset page + capped count (node-postgres)", async () => {
    const results = new Map<string, Timing>();
    for (const c of cases) {
      const timing = await measure(
        async () => {
          const started = nowMs();
          const page = await runKeyset(pool, c.keyset, c.query);
          totals.set(c.name, { count: page.total, exact: page.exact });
          return nowMs() - started;
        },
        { warmup: WARMUP, runs: RUNS },
      );
      results.set(c.name, timing);
      log(`  ${c.name}: p50 ${timing.latency.p50Ms} / p95 ${timing.latency.p95Ms} ms`);
    }
    return results;
  });

  const csv = await phase(`CSV export of ≈${CSV_ROWS.toLocaleString("en-US")} rows`, () =>
    measureCsv(client, pool, facts, nextPid ?? server.pid),
  );

  const offsetSql = await phase("SQL: OFFSET + COUNT(*) baseline (node-postgres)", async () => {
    const results = new Map<string, Timing>();
    for (const c of cases) {
      const timing = await measure(
        async () => {
          const started = nowMs();
          await runOffset(pool, c.offset);
          return nowMs() - started;
        },
        { warmup: WARMUP, runs: RUNS, budgetMs: BASELINE_BUDGET_MS },
      );
      results.set(c.name, timing);
      log(`  ${c.name}: p50 ${timing.latency.p50Ms} / p95 ${timing.latency.p95Ms} ms (${timing.runs} runs)`);
    }
    return results;
  });

  const plans = await phase("EXPLAIN (ANALYZE, BUFFERS)", () => explainPlans(pool, cases));

  const reports: CaseReport[] = cases.map((c) => {
    const h = required(http.get(c.name));
    const k = required(keysetSql.get(c.name));
    const o = required(offsetSql.get(c.name));
    return {
      name: c.name,
      kind: c.kind,
      url: c.url,
      matching: c.matching,
      totalShown: required(totals.get(c.name)),
      offsetRows: c.offsetRows,
      sameRows: true,
      http: h,
      keysetSql: k,
      offsetSql: o,
      sqlSpeedupP50: ratio(o.latency.p50Ms, k.latency.p50Ms),
      sqlSpeedupP95: ratio(o.latency.p95Ms, k.latency.p95Ms),
      pageSpeedupLowerBoundP50: ratio(o.latency.p50Ms, h.latency.p50Ms),
    };
  });

  const slowest = reports.reduce((worst, r) => (r.http.latency.p95Ms > worst.http.latency.p95Ms ? r : worst));
  const deep = reports.filter((r) => r.kind !== "first");
  const targets = {
    pagesP95: {
      target: `every page p95 < ${TARGET.p95Ms} ms (HTTP, to the last byte)`,
      worst: { case: slowest.name, p95Ms: slowest.http.latency.p95Ms },
      pass: reports.every((r) => r.http.latency.p95Ms < TARGET.p95Ms),
    },
    deepSpeedup: {
      target: `deep pages ≥ ${TARGET.deepSpeedup}× faster than OFFSET + COUNT(*) (SQL p50 ÷ SQL p50)`,
      cases: deep.map((r) => ({
        case: r.name,
        sqlSpeedupP50: r.sqlSpeedupP50,
        sqlSpeedupP95: r.sqlSpeedupP95,
        pageSpeedupLowerBoundP50: r.pageSpeedupLowerBoundP50,
      })),
      pass: deep.length > 0 && deep.every((r) => r.sqlSpeedupP50 >= TARGET.deepSpeedup),
    },
  };

  const report = {
    benchmark: "admin-payments",
    command: `npm run bench -- admin${process.argv.length > 2 ? ` ${process.argv.slice(2).join(" ")}` : ""}`,
    startedAt: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 0),
    machine: {
      ...machine,
      loadAverage: { start: loadBefore.map((l) => round(l)), end: os.loadavg().map((l) => round(l)) },
    },
    build,
    dataset,
    facts,
    method: {
      http: `${RUNS} sequential GETs after ${WARMUP} warm-up, one keep-alive connection, send to last byte, signed in as ADMIN`,
      keysetSql:
        "paymentRowsSql (size + 1 rows after the cursor) and the capped count (LIMIT " +
        `${EXACT_COUNT_LIMIT + 1}, then EXPLAIN (FORMAT JSON) when capped) in parallel, node-postgres, ` +
        "WHERE built once by paymentFilterSql (the plan lookup is not timed)",
      offsetSql:
        "the same page statement without cursor + OFFSET k, and COUNT(*) over the same WHERE, in parallel, " +
        `node-postgres; ${RUNS} runs after ${WARMUP} warm-up, fewer (≥ 5) when a case would exceed ${BASELINE_BUDGET_MS / 1000} s`,
      lastPageOffset: "matching − size, computed once beforehand (the baseline gets its count for free)",
      csv: "GET /admin/payments/export streamed and counted; VmRSS of `next start` and its children every 50 ms",
    },
    phases,
    checks: checks.length,
    cases: reports,
    csv,
    targets,
    plans,
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  printSummary(report);
  log(`wrote ${path.relative(ROOT, RESULTS_FILE)}`);
  return 0;
}

/** The data set: N generated payments, made here when it does not hold exactly that many. */
async function ensureDataset(pool: pg.Pool, databaseUrl: string) {
  const count = async () =>
    (
      await pool.query<{ payments: number; users: number }>(
        `SELECT (SELECT count(*)::int FROM "Payment" WHERE id LIKE 'seed\\_p%') AS payments,
                (SELECT count(*)::int FROM "User" WHERE id LIKE 'seed\\_u%') AS users`,
      )
    ).rows[0] ?? { payments: 0, users: 0 };
  const before = await count();
  if (before.payments === PAYMENTS) {
    log(`data set: ${PAYMENTS.toLocaleString("en-US")} generated payments already there, reused`);
    return { generated: false, generateSeconds: 0, ...before };
  }
  const reset = before.payments + before.users > 0;
  log(
    `data set: ${before.payments.toLocaleString("en-US")} generated payments, want ${PAYMENTS.toLocaleString("en-US")}: ` +
      `running scripts/seed-large.ts --payments ${PAYMENTS}${reset ? " --reset" : ""} (1M: 2–4 min)`,
  );
  const started = nowMs();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      ["scripts/seed-large.ts", "--payments", String(PAYMENTS), ...(reset ? ["--reset"] : [])],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`seed-large exited with ${code}`)),
    );
  });
  return { generated: true, generateSeconds: round((nowMs() - started) / 1000, 0), ...(await count()) };
}

/**
 * The benchmark's own admin account. serve.ts creates it from ADMIN_EMAIL/ADMIN_PASSWORD when it
 * is missing and never changes an existing account, so on a reused data set its password is set
 * here to this run's.
 */
async function resetBenchAdmin(pool: pg.Pool, password: string): Promise<void> {
  const existing = await pool.query<{ role: string }>(`SELECT role FROM "User" WHERE email = $1`, [
    ADMIN_EMAIL,
  ]);
  const role = existing.rows[0]?.role;
  if (!role) return;
  if (role !== "ADMIN") throw new Error(`${ADMIN_EMAIL} exists but is not an ADMIN`);
  await pool.query(`UPDATE "User" SET "passwordHash" = $1 WHERE email = $2`, [
    await hashPassword(password),
    ADMIN_EMAIL,
  ]);
}

interface DataFacts {
  payments: number;
  newest: string;
  typicalEmail: string;
  typicalPayments: number;
  monthFrom: string;
  monthTo: string;
  csvFrom: string;
  csvTo: string;
  csvMatching: number;
}

async function dataFacts(pool: pg.Pool): Promise<DataFacts> {
  const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
  const total = await pool.query<{ payments: number; newest: string }>(
    `SELECT count(*)::int AS payments, ${day('max("createdAt")')} AS newest FROM "Payment"`,
  );
  const { payments = 0, newest = "" } = total.rows[0] ?? {};
  // A typical customer: the median payment count among 101 consecutive generated customers.
  const sample = await pool.query<{ email: string; n: number }>(
    `SELECT u.email, (SELECT count(*)::int FROM "Payment" p WHERE p."userId" = u.id) AS n
     FROM "User" u WHERE u.id LIKE 'seed\\_u%' ORDER BY u.id
     OFFSET (SELECT count(*) / 2 FROM "User" WHERE id LIKE 'seed\\_u%') LIMIT 101`,
  );
  const sorted = [...sample.rows].sort((a, b) => a.n - b.n || a.email.localeCompare(b.email));
  const typical = sorted[Math.floor(sorted.length / 2)];
  if (!typical) throw new Error("no generated customers in the data set");
  // The calendar month before the newest payment's.
  const month = await pool.query<{ from: string; to: string }>(
    `SELECT ${day(`date_trunc('month', max("createdAt")) - interval '1 month'`)} AS "from",
            ${day(`date_trunc('month', max("createdAt")) - interval '1 day'`)} AS "to" FROM "Payment"`,
  );
  // From the day of the 100,000th newest payment to the newest: just over 100,000 rows.
  const csvStart = await pool.query<{ day: string }>(
    `SELECT ${day('"createdAt"')} AS day FROM "Payment" ORDER BY "createdAt" DESC, id DESC OFFSET $1 LIMIT 1`,
    [Math.min(CSV_ROWS, payments) - 1],
  );
  const csvFrom = csvStart.rows[0]?.day ?? newest;
  const csvCount = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Payment" WHERE "createdAt" >= $1::date AND "createdAt" < $2::date + 1`,
    [csvFrom, newest],
  );
  return {
    payments,
    newest,
    typicalEmail: typical.email,
    typicalPayments: typical.n,
    monthFrom: month.rows[0]?.from ?? newest,
    monthTo: month.rows[0]?.to ?? newest,
    csvFrom,
    csvTo: newest,
    csvMatching: csvCount.rows[0]?.n ?? 0,
  };
}

async function buildCases(pool: pg.Pool, facts: DataFacts): Promise<Case[]> {
  const specs: CaseSpec[] = [
    { name: "page 1", params: {}, kind: "first" },
    { name: `${DEEP_ROWS.toLocaleString("en-US")} rows deep`, params: {}, kind: "deep" },
    { name: "last page", params: { back: "1" }, kind: "last" },
    { name: "status=refunded", params: { status: "refunded" }, kind: "first" },
    { name: "provider=yookassa", params: { provider: "yookassa" }, kind: "first" },
    { name: "plan=enterprise", params: { plan: "enterprise" }, kind: "first" },
    { name: "purpose=topup", params: { purpose: "topup" }, kind: "first" },
    { name: "currency=EUR", params: { currency: "EUR" }, kind: "first" },
    { name: "date range (1 month)", params: { from: facts.monthFrom, to: facts.monthTo }, kind: "first" },
    { name: "search: email", params: { q: facts.typicalEmail }, kind: "first" },
    { name: "sort: amount (RUB)", params: { sort: "amount", currency: "RUB" }, kind: "first" },
  ];
  const cases: Case[] = [];
  for (const spec of specs) {
    let query = parsePaymentListParams(spec.params);
    const where = await whereOf(query);
    const count = await pool.query<{ count: number }>(
      offsetStatements(query, where, 0).count.text,
      offsetStatements(query, where, 0).count.values,
    );
    const matching = count.rows[0]?.count ?? 0;
    if (spec.kind === "deep") {
      // The cursor names the DEEP_ROWS-th row, so the page shows rows DEEP_ROWS + 1…DEEP_ROWS + size.
      const [row] = await db.$queryRaw<AdminPaymentRow[]>(
        Prisma.sql`${paymentRowsSql({ where, sort: query.sort, dir: query.dir, after: null, backwards: false, limit: 1 })} OFFSET ${DEEP_ROWS - 1}`,
      );
      if (!row) throw new Error(`fewer than ${DEEP_ROWS} payments match ${spec.name}`);
      query = parsePaymentListParams({
        ...spec.params,
        cursor: encodePaymentCursor(positionOf(row, query.sort)),
      });
    }
    const offsetRows =
      spec.kind === "deep" ? DEEP_ROWS : spec.kind === "last" ? Math.max(0, matching - query.size) : 0;
    const params = paymentListSearchParams(query).toString();
    cases.push({
      ...spec,
      query,
      url: `/admin/payments${params ? `?${params}` : ""}`,
      keyset: keysetStatements(query, where),
      offset: offsetStatements(query, where, offsetRows),
      offsetRows,
      matching,
    });
  }
  return cases;
}

/**
 * Sequential runs of `fn` (which returns its own latency in ms). With a budget, a slow case gets
 * fewer runs (at least 5) and a single warm-up, so a 7-second OFFSET still finishes.
 */
async function measure(
  fn: () => Promise<number>,
  options: { warmup: number; runs: number; budgetMs?: number },
): Promise<Timing> {
  let warmup = options.warmup;
  let runs = options.runs;
  const first = await fn();
  if (options.budgetMs && first * (warmup + runs) > options.budgetMs) {
    warmup = 1;
    runs = Math.max(5, Math.min(runs, Math.floor(options.budgetMs / Math.max(first, 1))));
  }
  for (let index = 1; index < warmup; index++) await fn();
  const latencies: number[] = [];
  for (let index = 0; index < runs; index++) latencies.push(await fn());
  return { runs, warmup: Math.max(warmup, 1), latency: summarize(latencies) };
}

interface CsvRun {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  firstByteMs: number;
  idleRss: RssSamples;
  exportRss: RssSamples;
}

async function measureCsv(client: HttpClient, pool: pg.Pool, facts: DataFacts, rssRoot: number) {
  const query = parsePaymentListParams({ from: facts.csvFrom, to: facts.csvTo });
  const url = `/admin/payments/export?${paymentListSearchParams(query).toString()}`;
  // Warm-up: the route's code and a small export.
  const warm = await client.request(
    "GET",
    `/admin/payments/export?q=${encodeURIComponent(facts.typicalEmail)}`,
  );
  if (warm.status !== 200) throw new Error(`CSV export warm-up: HTTP ${warm.status}`);
  const runs: CsvRun[] = [];
  for (let run = 0; run < CSV_RUNS; run++) {
    const idle = sampleRss(rssRoot);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleRss = idle.stop();
    const sampler = sampleRss(rssRoot);
    let newlines = 0;
    const response = await client.request("GET", url, {
      onChunk: (chunk) => {
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) newlines++;
      },
      timeoutMs: 600_000,
    });
    const exportRss = sampler.stop();
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`);
    const rows = newlines - 1; // the header line
    const seconds = response.totalMs / 1000;
    runs.push({
      rows,
      bytes: response.bytes,
      seconds: round(seconds, 2),
      rowsPerSecond: Math.round(rows / seconds),
      firstByteMs: round(response.firstByteMs, 1),
      idleRss,
      exportRss,
    });
    log(
      `  export ${run + 1}: ${rows} rows, ${(response.bytes / 2 ** 20).toFixed(1)} MB in ${seconds.toFixed(2)} s → ` +
        `${Math.round(rows / seconds)} rows/s; RSS idle ${idleRss.meanMb} MB, peak ${exportRss.peakMb} MB`,
    );
  }
  const check = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Payment" WHERE "createdAt" >= $1::date AND "createdAt" < $2::date + 1`,
    [facts.csvFrom, facts.csvTo],
  );
  const expected = check.rows[0]?.n ?? -1;
  return { url, expectedRows: expected, allRowsExported: runs.every((r) => r.rows === expected), runs };
}

async function explainPlans(pool: pg.Pool, cases: Case[]) {
  const byKind = (kind: Kind) => cases.find((c) => c.kind === kind && Object.keys(c.params).length <= 1);
  const first = required(byKind("first"));
  const deep = required(byKind("deep"));
  const last = required(byKind("last"));
  const statements: [string, PgStatement][] = [
    ["page 1: keyset page", first.keyset.page],
    ["page 1: capped count", first.keyset.cappedCount],
    [`${deep.name}: keyset page`, deep.keyset.page],
    ["last page: keyset page", last.keyset.page],
    [`${deep.name}: OFFSET ${deep.offsetRows}`, deep.offset.page],
    ["COUNT(*) (unfiltered)", deep.offset.count],
    [`last page: OFFSET ${last.offsetRows}`, last.offset.page],
  ];
  const plans: { name: string; sql: string; executionMs: number | null; plan: string[] }[] = [];
  for (const [name, statement] of statements) {
    await explainAnalyze(pool, statement); // once to warm, as the timed runs were
    const plan = await explainAnalyze(pool, statement);
    const execution = plan.find((line) => line.startsWith("Execution Time"));
    plans.push({
      name,
      sql: inlineSql(statement),
      executionMs: execution ? Number(/([\d.]+) ms/.exec(execution)?.[1]) : null,
      plan,
    });
    log(`  ${name}: ${execution ?? "?"}`);
  }
  return plans;
}

function printSummary(report: {
  machine: Awaited<ReturnType<typeof machineInfo>> & { loadAverage: { start: number[]; end: number[] } };
  facts: DataFacts;
  cases: CaseReport[];
  csv: Awaited<ReturnType<typeof measureCsv>>;
  targets: {
    pagesP95: { worst: { case: string; p95Ms: number }; pass: boolean };
    deepSpeedup: { cases: { case: string; sqlSpeedupP50: number }[]; pass: boolean };
  };
  phases: Record<string, { seconds: number; foreignCores: number | null }>;
  durationSeconds: number;
}) {
  const m = report.machine;
  const rows: (string | number)[][] = [
    [
      "case",
      "matching",
      "HTTP p50",
      "HTTP p95",
      "HTTP max",
      "keyset SQL p50",
      "p95",
      "OFFSET+COUNT p50",
      "p95",
      "SQL ×p50",
      "SQL ×p95",
    ],
  ];
  for (const r of report.cases) {
    rows.push([
      r.name,
      r.matching,
      r.http.latency.p50Ms,
      r.http.latency.p95Ms,
      r.http.latency.maxMs,
      r.keysetSql.latency.p50Ms,
      r.keysetSql.latency.p95Ms,
      r.offsetSql.latency.p50Ms,
      r.offsetSql.latency.p95Ms,
      `${r.sqlSpeedupP50}×`,
      `${r.sqlSpeedupP95}×`,
    ]);
  }
  const csvRows: (string | number)[][] = [
    ["CSV export", "rows", "MB", "seconds", "rows/s", "first byte ms", "RSS idle MB", "RSS peak MB"],
    ...report.csv.runs.map((run, index) => [
      `run ${index + 1}`,
      run.rows,
      round(run.bytes / 2 ** 20, 1),
      run.seconds,
      run.rowsPerSecond,
      run.firstByteMs,
      run.idleRss.meanMb,
      run.exportRss.peakMb,
    ]),
  ];
  const disturbed = Object.entries(report.phases)
    .filter(([, p]) => (p.foreignCores ?? 0) > FOREIGN_CORES_WARNING)
    .map(([name, p]) => `${name} (${p.foreignCores} cores)`);
  const t = report.targets;
  console.log(`
Admin payments table — ${m.cpuModel}, ${m.nproc} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}
${report.facts.payments.toLocaleString("en-US")} payments; load average ${m.loadAverage.start.join(" ")} at the start, ${m.loadAverage.end.join(" ")} at the end.
Times in ms. HTTP: the page's HTML, send to last byte. SQL: node-postgres, page + count in parallel.

${table(rows)}

${table(csvRows)}
${report.csv.allRowsExported ? "" : `WARNING: the export did not return the ${report.csv.expectedRows} matching rows\n`}
target: every page p95 < ${TARGET.p95Ms} ms: ${t.pagesP95.pass ? "PASS" : "MISS"} (worst: ${t.pagesP95.worst.case}, ${t.pagesP95.worst.p95Ms} ms)
target: deep pages ≥ ${TARGET.deepSpeedup}× faster than OFFSET + COUNT(*): ${t.deepSpeedup.pass ? "PASS" : "MISS"} (${t.deepSpeedup.cases.map((c) => `${c.case} ${c.sqlSpeedupP50}×`).join(", ")})
${disturbed.length ? `WARNING: other processes used CPU during ${disturbed.join(", ")}: those figures are disturbed.\n` : ""}(${report.durationSeconds} s in all)
`);
}

function ratio(slow: number, fast: number): number {
  return fast > 0 ? round(slow / fast, 1) : 0;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("missing measurement");
  return value;
}

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name}: a positive integer`);
  return number;
}

await runBenchmark(main, WATCHDOG_MS);

// `npm run bench -- operations`: POST /api/v1/operations against the production build, with its
// references measured in the same run. See bench/README.md.
//
// 1. builds this checkout (when stale) and the do-nothing app (bench/noop-app);
// 2. one embedded PostgreSQL (pg_stat_statements loaded); an API key made by createApiKey; the
//    route's SQL captured in-process (harness/charge-sql.ts);
// 3. the production server and the do-nothing app;
// 4. per round and concurrency (closed loop, --seconds each after a warm-up), one after the other:
//    the do-nothing route, charges spread over --wallets wallets, charges on one hot wallet, and the
//    charge statement replayed with node-postgres on the same two shapes. Fresh funded wallets per
//    run; after each, no lost update is checked in the database; statements counted by
//    pg_stat_statements, CPU from /proc;
// 5. a table on stdout and bench/results/operations-api.json.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import * as prettier from "prettier";
import { createApiKey } from "@/lib/billing/api-keys/keys";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { disconnectDb } from "@/lib/db";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { seedDatabase } from "@/lib/seed";
import { runMigrations } from "@/scripts/run-migrations";
import { closedLoop, jsonPoster, type LoopResult } from "./harness/api-load";
import { prepareNoopApp } from "./harness/baseline";
import { captureCharge, chargeRequestBody, replayCharge, type CapturedCharge } from "./harness/charge-sql";
import { cpuDelta, cpuSnapshot } from "./harness/cpu";
import { newId } from "./harness/fixtures";
import { log, onCleanup, productionBuild, runBenchmark, scratchDirectory } from "./harness/lifecycle";
import { machineInfo } from "./harness/machine";
import { newestProfile, summarizeProfile, writeProfilerHook, type ProfileSummary } from "./harness/profile";
import { startAppServer, tail, type AppServer } from "./harness/server";
import {
  classify,
  FOREIGN_KEY_CHECKS,
  preloadStatementStats,
  type StatementClass,
  StatementStats,
} from "./harness/statements";
import { type LatencySummary, round, summarize, table } from "./harness/stats";
import type { Verification } from "./harness/verify";
import { createWallets, verifyWallets } from "./harness/wallets";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
const TARGETS = { concurrency: 16, spreadRatio: 0.6, hotRatio: 0.5, statements: 3, p99Ms: 50 };
const WATCHDOG_MS = 30 * 60_000;
const WARMUP_SECONDS = 2;
const SERVER_WARMUP_SECONDS = 5;
/** Every wallet's starting balance, minor units: more than any run can spend (Int column). */
const INITIAL_BALANCE = 1_000_000_000;
const TYPE = "generate";
const FOREIGN_CORES_WARNING = 0.1;

const { values: args } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    concurrency: { type: "string", default: "16,64" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "10" },
    wallets: { type: "string", default: "1000" },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- operations [options]
  --concurrency 16,64     closed-loop caller counts, comma-separated
  --rounds 2              rounds; each runs every variant once per concurrency, one after the other
  --seconds 10            length of each measured run (after a ${WARMUP_SECONDS} s warm-up)
  --wallets 1000          wallets the spread variants charge (the hot one charges one)
  --build / --no-build    always rebuild / never build this checkout (default: when sources are newer)
  --profile               run the app server under V8's CPU profiler and say where its time went in
                          the last spread run at C = ${TARGETS.concurrency} (slower: figures go to
                          operations-api.profile.json)
A smoke run: npm run bench -- operations --rounds 1 --concurrency 16 --seconds 2`);
  process.exit(0);
}
const concurrencies = args.concurrency.split(",").map((value) => Number(value.trim()));
if (concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 128))
  throw new Error("--concurrency: 1…128, comma-separated");
const rounds = Number(args.rounds);
const seconds = Number(args.seconds);
const spreadWallets = Number(args.wallets);

type VariantKey = "noop" | "spread" | "hot" | "sql-spread" | "sql-hot";
interface Variant {
  key: VariantKey;
  label: string;
  via: "http" | "sql";
  /** Wallets charged (0: the do-nothing route, which charges nothing). */
  wallets: number;
}
const VARIANTS: Variant[] = [
  { key: "noop", label: "do-nothing route", via: "http", wallets: 0 },
  { key: "spread", label: `charges, ${spreadWallets} wallets`, via: "http", wallets: spreadWallets },
  { key: "hot", label: "charges, 1 hot wallet", via: "http", wallets: 1 },
  { key: "sql-spread", label: `SQL replay, ${spreadWallets} wallets`, via: "sql", wallets: spreadWallets },
  { key: "sql-hot", label: "SQL replay, 1 hot wallet", via: "sql", wallets: 1 },
];

interface RunReport {
  variant: VariantKey;
  label: string;
  round: number;
  concurrency: number;
  seconds: number;
  calls: number;
  /** Calls that did their work: 201 (a charge), 200 (do-nothing route), or a replayed charge. */
  done: number;
  perSecond: number;
  latency: LatencySummary;
  statuses: Record<string, number>;
  warmup: { calls: number; statuses: Record<string, number> };
  errors: string[];
  /** CPU-ms per call done, by process group (/proc); `app`: the server under test (or none). */
  cpuMsPerCall: Record<string, number> | null;
  foreignCores: number | null;
  /** pg_stat_statements over the measured window: the app's statements apart from pg-boss's. */
  statements: { appPerCall: number; allPerCall: number; classes: StatementClass[] } | null;
  verification: Verification;
  windowUs: { fromUs: number; toUs: number };
}

/** Raw latencies, kept out of the JSON, to pool percentiles across rounds. */
const raw = new Map<RunReport, number[]>();

interface Context {
  pool: pg.Pool;
  databaseUrl: string;
  database: string;
  stats: StatementStats;
  app: AppServer;
  noop: AppServer;
  apiKey: string;
  capture: CapturedCharge;
  price: number;
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const tmp = scratchDirectory("bench-operations-");
  const build = await productionBuild(ROOT, args);
  log("building the do-nothing app (bench/noop-app)");
  const noopBuild = await prepareNoopApp(ROOT, path.join(tmp, "noop-app"));

  log("starting an embedded PostgreSQL for this run, with pg_stat_statements");
  const dataDir = path.join(tmp, "db");
  const first = await startEmbeddedPostgres({ dataDir });
  await preloadStatementStats(first.url("postgres"));
  // The SQL replay at C = 64 holds 64 connections beside the app's pools (Prisma, pg-boss, worker).
  await setMaxConnections(first.url("postgres"), 200);
  await first.stop(); // both settings take effect on a restart
  const server = await startEmbeddedPostgres({ dataDir, port: first.port });
  onCleanup(() => server.stop());
  const stats = new StatementStats(server.url("postgres"));
  await stats.install();
  onCleanup(() => stats.close());
  const databaseUrl = server.url();
  await runMigrations(databaseUrl);
  const appEnv = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmp, "app-data"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
  };
  Object.assign(process.env, appEnv);
  onCleanup(() => disconnectDb());
  await seedDatabase({ adminEmail: "bench-admin@example.com", demo: false });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: "bench" });
  onCleanup(() => pool.end());
  const { key: apiKey } = await createApiKey({
    name: "bench operations",
    scopes: ["operations"],
    createdById: null,
  });
  const priced = await pool.query<{ price: number }>(
    `SELECT (prices ->> $1)::int AS price FROM "OperationType" WHERE slug = $2 AND active AND NOT free`,
    [WALLET_CURRENCY, TYPE],
  );
  const price = priced.rows[0]?.price;
  if (!price) throw new Error(`no paid operation type "${TYPE}" with a ${WALLET_CURRENCY} price`);

  log("capturing the route's SQL (two charges through the route handler, in-process)");
  const [captureUser] = await createWallets(pool, 1, INITIAL_BALANCE, "capture");
  const capture = await captureCharge(apiKey, captureUser as string, TYPE);
  for (const statement of capture.steady)
    log(`  ${statement.name ? "named  " : "unnamed"} ${statement.role}`);

  const profileDir = path.join(tmp, "profiles");
  log("starting the production server (tsx scripts/serve.ts start) and the do-nothing app");
  const app = await startAppServer({
    root: ROOT,
    env: {
      ...appEnv,
      ...(args.profile
        ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${writeProfilerHook(profileDir)}`].join(" ") }
        : {}),
    },
    logFile: path.join(tmp, "server.log"),
  });
  onCleanup(() => app.stop());
  const noop = await startAppServer({
    root: path.join(tmp, "noop-app"),
    env: {},
    logFile: path.join(tmp, "noop.log"),
    command: "next-start",
  });
  onCleanup(() => noop.stop());
  const machine = await machineInfo(ROOT, pool);
  const database = new URL(databaseUrl).pathname.slice(1);
  const context: Context = { pool, databaseUrl, database, stats, app, noop, apiKey, capture, price };

  // The app server's first charges (JIT, pools, prepared statements) belong to no variant.
  log(`warming the app server up: ${SERVER_WARMUP_SECONDS} s of charges, not counted`);
  const serverWarmup = await measure(
    context,
    VARIANTS[1] as Variant,
    TARGETS.concurrency,
    0,
    SERVER_WARMUP_SECONDS,
  );
  printRun(serverWarmup);
  const runs: RunReport[] = [];
  for (let index = 1; index <= rounds; index++) {
    for (const concurrency of concurrencies) {
      // Every other round in reverse order, so that no variant always runs first or last.
      for (const variant of index % 2 ? VARIANTS : [...VARIANTS].reverse()) {
        log(`round ${index}, C=${concurrency}: ${variant.label}`);
        const run = await measure(context, variant, concurrency, index);
        runs.push(run);
        printRun(run);
        if (!run.verification.pass && variant.via === "http")
          log(`server log tail:\n${tail(app.logFile, 20)}`);
      }
    }
  }

  let profile: ProfileSummary | null = null;
  if (args.profile) {
    await app.stop(); // the profile is written when the server exits
    const file = newestProfile(profileDir);
    const last = runs.filter((r) => r.variant === "spread" && r.concurrency === TARGETS.concurrency).at(-1);
    profile = file ? summarizeProfile(file, last?.windowUs) : null;
  }

  const summary = summarizeRuns(runs);
  const targets = evaluateTargets(summary);
  const noLostUpdate = [serverWarmup, ...runs].every((run) => run.verification.pass);
  const report = {
    benchmark: "operations-api",
    command: `npm run bench -- operations ${process.argv.slice(2).join(" ")}`.trim(),
    startedAt: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 0),
    machine,
    builds: { current: { ...codeVersion(ROOT), ...build }, noop: noopBuild },
    method: {
      load: `closed loop: C callers, one call in flight each, ${WARMUP_SECONDS} s warm-up then --seconds measured; fresh wallets per run; the app server warmed up once by ${SERVER_WARMUP_SECONDS} s of charges; every other round in reverse order`,
      charge: `POST /api/v1/operations {customer: {id}, type: "${TYPE}", idempotencyKey: unique}, Authorization: Bearer <key with scope operations>; price ${price} minor units; wallets start at ${INITIAL_BALANCE} with 0 free operations (Σ ledger = balance)`,
      spread: "each call charges a wallet drawn at random among the run's wallets",
      noop: "bench/noop-app (reads the body, answers 200), same body and headers, next start, no database",
      replay: "the captured charge statement alone, named as the app names it, one pg.Client per caller",
      statements:
        "pg_stat_statements (track = top) of the app's database over the measured window ÷ calls done; appPerCall leaves out pg-boss's polls and PostgreSQL's foreign-key checks",
      cpu: "/proc: the server's process tree (launcher, Next, worker thread), the PostgreSQL processes, this process (load generator or replay client)",
    },
    sql: {
      firstCharge: capture.first.map(short),
      steadyCharge: capture.steady.map(short),
    },
    runs,
    summary,
    targets,
    noLostUpdate: noLostUpdate ? "PASS" : "FAIL",
    ...(profile ? { profile } : {}),
  };
  const file = path.join(RESULTS_DIR, args.profile ? "operations-api.profile.json" : "operations-api.json");
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const json = await prettier.format(JSON.stringify(report), {
    ...(await prettier.resolveConfig(file)),
    filepath: file,
  });
  fs.writeFileSync(file, json);
  printSummary(summary, targets, runs, noLostUpdate);
  if (profile) printProfile(profile);
  log(`wrote ${path.relative(ROOT, file)}`);
  return noLostUpdate ? 0 : 1;
}

async function setMaxConnections(adminUrl: string, connections: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`ALTER SYSTEM SET max_connections = ${connections}`);
  } finally {
    await client.end();
  }
}

function short(statement: { role: string; text: string; name: string | null }) {
  const flat = statement.text.replace(/\s+/g, " ").replaceAll(`"public".`, "").trim();
  return {
    role: statement.role,
    named: statement.name !== null,
    sql: flat.length > 160 ? `${flat.slice(0, 157)}…` : flat,
  };
}

/** The commit measured and the files modified in it (bench/ and docs/ left out). */
function codeVersion(dir: string): { commit: string | null; modified: string[] } {
  try {
    const git = (...gitArgs: string[]) =>
      execFileSync("git", ["-C", dir, ...gitArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const status = git("status", "--porcelain", "--", ".", ":(exclude)bench", ":(exclude)docs");
    return { commit: git("rev-parse", "HEAD").trim(), modified: status.split("\n").filter(Boolean) };
  } catch {
    const stamp = path.join(dir, ".bench-code-commit");
    return { commit: fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : null, modified: [] };
  }
}

const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function measure(
  context: Context,
  variant: Variant,
  concurrency: number,
  roundIndex: number,
  measuredSeconds = seconds,
): Promise<RunReport> {
  const tag = `${variant.key}-r${roundIndex}-c${concurrency}`;
  // The do-nothing route is sent the same bodies, for customers that do not exist.
  const users = variant.wallets
    ? await createWallets(context.pool, variant.wallets, INITIAL_BALANCE, tag)
    : Array.from({ length: spreadWallets }, newId);
  const charged = users.map(() => 0);
  const pick = () => (users.length === 1 ? 0 : Math.floor(Math.random() * users.length));
  let sequence = 0;
  const idempotencyKey = () => `${tag}-${sequence++}`;

  let call: (caller: number) => Promise<string>;
  let close: () => Promise<void> | void;
  if (variant.via === "http") {
    const poster = jsonPoster(variant.key === "noop" ? context.noop.url : context.app.url, concurrency);
    const route = variant.key === "noop" ? "/api/webhook/payment" : "/api/v1/operations";
    const headers = { authorization: `Bearer ${context.apiKey}`, "user-agent": "bench/operations" };
    const success = variant.key === "noop" ? 200 : 201;
    call = async () => {
      const customer = pick();
      const status = await poster.post(
        route,
        headers,
        chargeRequestBody(users[customer] as string, TYPE, idempotencyKey()),
      );
      if (status === success) charged[customer] = (charged[customer] ?? 0) + 1;
      return String(status);
    };
    close = () => poster.close();
  } else {
    const clients = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const client = new pg.Client({
          connectionString: context.databaseUrl,
          application_name: "bench-replay",
        });
        await client.connect();
        return client;
      }),
    );
    call = async (caller) => {
      const customer = pick();
      const client = clients[caller] as pg.Client;
      const done = await replayCharge(
        client,
        context.capture.charge,
        users[customer] as string,
        TYPE,
        idempotencyKey(),
      );
      if (done) charged[customer] = (charged[customer] ?? 0) + 1;
      return done ? "charged" : "refused";
    };
    close = async () => {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    };
  }

  let warm: LoopResult;
  let result: LoopResult;
  let windowUs: { fromUs: number; toUs: number };
  let cpu: ReturnType<typeof cpuDelta>;
  let doneBefore: number;
  try {
    warm = await closedLoop(concurrency, WARMUP_SECONDS, call);
    doneBefore = charged.reduce((sum, n) => sum + n, 0);
    await context.stats.reset();
    const roots = {
      app: variant.via === "http" ? [(variant.key === "noop" ? context.noop : context.app).pid] : [],
      emulator: -1,
    };
    const before = cpuSnapshot(roots);
    const fromUs = monotonicUs();
    result = await closedLoop(concurrency, measuredSeconds, call);
    windowUs = { fromUs, toUs: monotonicUs() };
    cpu = cpuDelta(before, cpuSnapshot(roots));
  } finally {
    await close();
  }
  const rows = variant.key === "noop" ? null : await context.stats.read(context.database);
  const done = charged.reduce((sum, n) => sum + n, 0) - doneBefore;
  const successWord = variant.via === "sql" ? "charged" : variant.key === "noop" ? "200" : "201";
  const answersCheck = {
    name: `every answer ${successWord} (warm-up too)`,
    pass: result.statuses[successWord] === result.calls && warm.statuses[successWord] === warm.calls,
    detail: `run ${JSON.stringify(result.statuses)}, warm-up ${JSON.stringify(warm.statuses)}`,
  };
  const verification: Verification = variant.wallets
    ? await verifyWallets(context.pool, { users, charged, initial: INITIAL_BALANCE, price: context.price })
    : { pass: true, checks: [] };
  verification.checks.unshift(answersCheck);
  verification.pass &&= answersCheck.pass;

  let statements: RunReport["statements"] = null;
  if (rows) {
    const known = new Map(context.capture.first.map((statement) => [statement.text, statement.role]));
    const classes = classify(rows, known);
    const count = (filter: (c: StatementClass) => boolean) =>
      classes.filter(filter).reduce((sum, c) => sum + c.calls, 0);
    const all = count((c) => c.name !== FOREIGN_KEY_CHECKS);
    const app = count((c) => c.name !== FOREIGN_KEY_CHECKS && !c.name.startsWith("pg-boss"));
    statements = {
      appPerCall: round(app / Math.max(1, done), 3),
      allPerCall: round(all / Math.max(1, done), 3),
      classes,
    };
  }
  const wallMs = (windowUs.toUs - windowUs.fromUs) / 1000;
  const run: RunReport = {
    variant: variant.key,
    label: variant.label,
    round: roundIndex,
    concurrency,
    seconds: round(result.elapsedMs / 1000, 2),
    calls: result.calls,
    done,
    perSecond: round(done / (result.elapsedMs / 1000), 1),
    latency: summarize(result.latencies),
    statuses: result.statuses,
    warmup: { calls: warm.calls, statuses: warm.statuses },
    errors: [...warm.errors, ...result.errors].slice(0, 10),
    cpuMsPerCall: cpu
      ? {
          app: round(cpu.app / Math.max(1, done), 3),
          postgres: round(cpu.postgres / Math.max(1, done), 3),
          bench: round(cpu.bench / Math.max(1, done), 3),
          standby: round(cpu.standby / Math.max(1, done), 3),
          other: round(cpu.other / Math.max(1, done), 3),
        }
      : null,
    foreignCores: cpu ? round(cpu.other / wallMs, 2) : null,
    statements,
    verification,
    windowUs,
  };
  raw.set(run, result.latencies);
  return run;
}

interface Pooled {
  variant: VariantKey;
  label: string;
  concurrency: number;
  runs: number;
  done: number;
  /** Σ done ÷ Σ seconds over the rounds; and each round's own figure. */
  perSecond: number;
  perSecondByRound: number[];
  latency: LatencySummary;
  p99ByRound: number[];
  appCpuMs: number | null;
  postgresCpuMs: number | null;
  /** Replays: the load generator's CPU is the replay's client. */
  benchCpuMs: number | null;
  statementsPerCall: number | null;
  allStatementsPerCall: number | null;
  /** perSecond ÷ the do-nothing route's at the same C, pooled and per round. */
  ratioToNoop: number | null;
  ratioToNoopByRound: number[];
}

function summarizeRuns(runs: RunReport[]): Pooled[] {
  const pooled: Pooled[] = [];
  for (const concurrency of concurrencies) {
    for (const variant of VARIANTS) {
      const mine = runs.filter((run) => run.variant === variant.key && run.concurrency === concurrency);
      if (mine.length === 0) continue;
      const sum = (fn: (run: RunReport) => number) => mine.reduce((total, run) => total + fn(run), 0);
      const done = sum((run) => run.done);
      const cpu = (group: string) =>
        mine.every((run) => run.cpuMsPerCall)
          ? round(sum((run) => (run.cpuMsPerCall?.[group] ?? 0) * run.done) / Math.max(1, done), 3)
          : null;
      const perCall = (fn: (s: NonNullable<RunReport["statements"]>) => number) =>
        mine.every((run) => run.statements)
          ? round(sum((run) => (run.statements ? fn(run.statements) * run.done : 0)) / Math.max(1, done), 2)
          : null;
      pooled.push({
        variant: variant.key,
        label: variant.label,
        concurrency,
        runs: mine.length,
        done,
        perSecond: round(done / sum((run) => run.seconds), 1),
        perSecondByRound: mine.map((run) => run.perSecond),
        latency: summarize(mine.flatMap((run) => raw.get(run) ?? [])),
        p99ByRound: mine.map((run) => run.latency.p99Ms),
        appCpuMs: variant.via === "http" ? cpu("app") : null,
        postgresCpuMs: variant.key === "noop" ? null : cpu("postgres"),
        benchCpuMs: variant.via === "sql" ? cpu("bench") : null,
        statementsPerCall: perCall((s) => s.appPerCall),
        allStatementsPerCall: perCall((s) => s.allPerCall),
        ratioToNoop: null,
        ratioToNoopByRound: [],
      });
    }
    const noop = pooled.find((p) => p.variant === "noop" && p.concurrency === concurrency);
    for (const entry of pooled.filter((p) => p.concurrency === concurrency && p.variant !== "noop")) {
      if (!noop?.perSecond) continue;
      entry.ratioToNoop = round(entry.perSecond / noop.perSecond, 2);
      entry.ratioToNoopByRound = runs
        .filter((run) => run.variant === entry.variant && run.concurrency === concurrency)
        .map((run) => {
          const same = runs.find(
            (other) =>
              other.variant === "noop" && other.concurrency === concurrency && other.round === run.round,
          );
          return same?.perSecond ? round(run.perSecond / same.perSecond, 2) : NaN;
        });
    }
  }
  return pooled;
}

interface Target {
  target: string;
  measured: string;
  pass: boolean | null;
}

function evaluateTargets(summary: Pooled[]): Target[] {
  const at = (key: VariantKey) =>
    summary.find((p) => p.variant === key && p.concurrency === TARGETS.concurrency);
  const noop = at("noop");
  const targets: Target[] = [];
  const ratio = (key: "spread" | "hot", minimum: number, label: string) => {
    const p = at(key);
    targets.push({
      target: `${label} ≥ ${minimum * 100}% of the do-nothing route's rate (C = ${TARGETS.concurrency})`,
      measured: p?.ratioToNoop
        ? `${round(p.ratioToNoop * 100, 0)}% (${p.perSecond} vs ${noop?.perSecond}/s; rounds ${p.ratioToNoopByRound.map((r) => `${round(r * 100, 0)}%`).join(", ")})`
        : "n/a",
      pass: p?.ratioToNoop ? p.ratioToNoop >= minimum : null,
    });
  };
  ratio("spread", TARGETS.spreadRatio, `${spreadWallets} wallets`);
  ratio("hot", TARGETS.hotRatio, "hot wallet");
  for (const key of ["spread", "hot"] as const) {
    const p = at(key);
    targets.push({
      target: `≤ ${TARGETS.statements} statements per charge, ${p?.label ?? key}`,
      measured: `${p?.statementsPerCall} (${p?.allStatementsPerCall} with pg-boss's polls)`,
      pass: p?.statementsPerCall == null ? null : p.statementsPerCall <= TARGETS.statements,
    });
  }
  for (const key of ["spread", "hot"] as const) {
    const p = at(key);
    targets.push({
      target: `p99 < ${TARGETS.p99Ms} ms, ${p?.label ?? key}`,
      measured: p
        ? `${p.latency.p99Ms} ms pooled (rounds ${p.p99ByRound.join(", ")}; p50 ${p.latency.p50Ms}); do-nothing route ${noop?.latency.p99Ms} ms`
        : "n/a",
      pass: p ? p.latency.p99Ms < TARGETS.p99Ms : null,
    });
  }
  return targets;
}

function printRun(run: RunReport) {
  const cpu = run.cpuMsPerCall;
  log(
    `  ${run.label} C=${run.concurrency}: ${run.done} in ${run.seconds} s → ${run.perSecond}/s, ` +
      `p50 ${run.latency.p50Ms} / p99 ${run.latency.p99Ms} ms` +
      (cpu ? `, CPU/call app ${cpu.app} pg ${cpu.postgres} bench ${cpu.bench} ms` : "") +
      (run.statements
        ? `, ${run.statements.appPerCall} statements/call (${run.statements.allPerCall} all)`
        : "") +
      `; checks ${run.verification.pass ? "PASS" : "FAIL"}`,
  );
  for (const check of run.verification.checks.filter((c) => !c.pass))
    log(`    FAIL ${check.name}: ${check.detail}`);
  if (run.errors.length) log(`    errors: ${run.errors.slice(0, 3).join("; ")}`);
  if ((run.foreignCores ?? 0) > FOREIGN_CORES_WARNING)
    log(`    WARNING: other processes on this machine used ${run.foreignCores} cores during this run`);
}

function printSummary(summary: Pooled[], targets: Target[], runs: RunReport[], noLostUpdate: boolean) {
  const dash = (value: number | null) => (value === null ? "-" : value);
  const rows: (string | number)[][] = [
    [
      "variant",
      "C",
      "/s (rounds)",
      "p50",
      "p99 (rounds)",
      "app CPU",
      "PG CPU",
      "stmts",
      "× do-nothing (rounds)",
    ],
  ];
  for (const p of summary) {
    rows.push([
      p.label,
      p.concurrency,
      `${p.perSecond} (${p.perSecondByRound.join(", ")})`,
      p.latency.p50Ms,
      `${p.latency.p99Ms} (${p.p99ByRound.join(", ")})`,
      p.benchCpuMs === null ? dash(p.appCpuMs) : `${p.benchCpuMs} (client)`,
      dash(p.postgresCpuMs),
      dash(p.statementsPerCall),
      p.ratioToNoop === null ? "-" : `${p.ratioToNoop}× (${p.ratioToNoopByRound.join(", ")})`,
    ]);
  }
  const disturbed = runs
    .filter((run) => (run.foreignCores ?? 0) > FOREIGN_CORES_WARNING)
    .map((run) => `${run.label} C=${run.concurrency} round ${run.round} (${run.foreignCores} cores)`);
  console.log(`
POST /api/v1/operations — calls done per second (201 charges; 200 for the do-nothing route), latencies in ms,
CPU in ms per call, statements per charge (pg_stat_statements, the app's own). Rows pool the rounds.

${table(rows)}

${table([["target", "measured", ""], ...targets.map((t) => [t.target, t.measured, t.pass === null ? "n/a" : t.pass ? "MET" : "MISSED"])])}

${disturbed.length ? `WARNING: other processes used CPU during ${disturbed.join(", ")}.\n` : ""}no lost update (Σ ledger = balance = initial − 201s × price, one Operation per 201): ${noLostUpdate ? "PASS" : "FAIL"}
`);
}

function printProfile(profile: ProfileSummary) {
  console.log(`Where the app server's CPU went (V8 profile, ${profile.sampledMs} ms sampled in a ${profile.windowMs} ms window):

${table([["component", "ms", "share"], ...profile.components.map((c) => [c.component, c.ms, `${(c.share * 100).toFixed(1)}%`])])}

${table([["function", "source", "ms", "share"], ...profile.topFunctions.slice(0, 15).map((f) => [f.function, f.source.slice(0, 70), f.ms, `${(f.share * 100).toFixed(1)}%`])])}
`);
}

await runBenchmark(main, WATCHDOG_MS);

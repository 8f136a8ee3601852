// `npm run bench -- webhook`: webhook ingestion against the production build, with its references
// measured in the same run. See bench/README.md.
//
// 1. builds: this checkout (when stale), the baseline commit (exported, its own `prisma generate`
//    and `next build`) and the do-nothing app (bench/noop-app);
// 2. one embedded PostgreSQL (pg_stat_statements loaded), a CryptoCloud emulator, and the SQL
//    capture of the current pipeline (in-process, before any server runs);
// 3. servers: the current code, the baseline (its own database, migrated by its own launcher),
//    the do-nothing app; a second current-code server only for the two-process runs;
// 4. per round and --concurrency (closed loop), one after the other: baseline, current (one
//    process), current (two processes), do-nothing route. Each postback is sent 1 + 5 times,
//    interleaved; a run ends when every delivery is acknowledged and every payment applied;
//    exactly-once is checked in the database; statements counted by pg_stat_statements;
// 5. open loop at --rate deliveries/s: current (one process), then the baseline;
// 6. statements per path: one applied delivery, then one settled duplicate, sent alone;
// 7. the raw-SQL replay of the current pipeline (context only), with the servers stopped;
// 8. a table on stdout and bench/results/webhook-ingestion.json.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { disconnectDb } from "@/lib/db";
import { ensureDatabase, startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { installJobQueue, QUEUES } from "@/lib/jobs/queue";
import { seedDatabase } from "@/lib/seed";
import { runMigrations } from "@/scripts/run-migrations";
import { createBaselineTemplate, prepareBaseline, prepareNoopApp, type Baseline } from "./harness/baseline";
import { sampleActivity, type ActivitySample } from "./harness/activity";
import { runCeiling } from "./harness/ceiling";
import { cpuDelta, cpuSnapshot, processTree, type CpuUse } from "./harness/cpu";
import { eventLoopDelay, writeEventLoopHook, type EventLoopDelay } from "./harness/event-loop";
import { startEmulatorProcess } from "./harness/emulator";
import { createFixtures, createTemplate, type Fixture, type Template } from "./harness/fixtures";
import { log, onCleanup, productionBuild, runBenchmark, scratchDirectory } from "./harness/lifecycle";
import { machineInfo } from "./harness/machine";
import { newestProfile, type ProfileSummary, summarizeProfile, writeProfilerHook } from "./harness/profile";
import { sendAtRate, sendDeliveries, type Delivery, type SendResult, wallMs } from "./harness/senders";
import { startAppServer, startWorkerProcess, tail, type AppServer } from "./harness/server";
import { captureDeliveryTrace, type CapturedTrace, type RecordedStatement } from "./harness/sql-trace";
import {
  callsOf,
  classify,
  preloadStatementStats,
  type StatementClass,
  type StatementRow,
  StatementStats,
  totalCalls,
} from "./harness/statements";
import { interleave, type LatencySummary, randomSource, round, summarize, table } from "./harness/stats";
import {
  appliedTimes,
  countDeliveries,
  duplicateKinds,
  verifyExactlyOnce,
  waitUntilApplied,
  workerBatches,
  type WorkerBatches,
  type Check,
  type Verification,
} from "./harness/verify";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
/** Each postback is delivered once plus this many duplicates. */
const DUPLICATES = 5;
const COPIES = 1 + DUPLICATES;
const TARGETS = {
  concurrency: 16,
  oneProcessRatio: 2,
  twoProcessRatio: 2.5,
  appCpuMs: 3,
  appCpuNoopFactor: 2.5,
  postgresCpuMs: 1,
  settledDuplicateStatements: 1,
  appliedStatements: 5,
  averageStatements: 2,
  openAckP99Ms: 50,
  openAppliedP99Ms: 250,
};
const WATCHDOG_MS = 20 * 60_000;
/** How long a run may take, after its last answer, until every payment is applied. */
const DRAIN_TIMEOUT_MS = 120_000;
const WARMUP_PAYMENTS = 70;
/** Above this many cores used by processes outside the benchmark, a run's figures are suspect. */
const FOREIGN_CORES_WARNING = 0.1;

const { values: args } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    concurrency: { type: "string", default: "16" },
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "10" },
    payments: { type: "string" },
    rate: { type: "string", default: "120" },
    "open-seconds": { type: "string", default: "15" },
    baseline: { type: "string", default: "328e072" },
    repo: { type: "string" },
    "baseline-dir": { type: "string" },
    "ceiling-payments": { type: "string" },
    seed: { type: "string" },
    "app-dir": { type: "string" },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- webhook [options]   (or: npm run bench -- [options])
  --concurrency 16        closed-loop sender counts, comma-separated
  --rounds 2              closed-loop rounds; each runs every variant once, one after the other
  --seconds 10            aim for this long per closed-loop run (sizes N from the warm-up rate)
  --payments N            fix the number of payments per closed-loop run instead
  --rate 120              open-loop deliveries per second
  --open-seconds 15       length of each open-loop run
  --baseline 328e072      the commit measured as "today's code" in the same run ("none": skip)
  --repo DIR              the git repository to export the baseline from (default: this checkout)
  --baseline-dir DIR      prepare the baseline in DIR and keep it; a later run reuses it (default:
                          a temporary directory, removed at the end)
  --ceiling-payments N    fix the number of payments of the raw-SQL replay
  --build / --no-build    always rebuild / never build this checkout (default: when sources are newer)
  --seed N                delivery order seed (default: random, printed)
  --app-dir DIR           serve the current code from another checkout of this project
  --profile               run the current code's server under V8's CPU profiler and say where its
                          time went (slower: figures go to webhook-ingestion.profile.json)`);
  process.exit(0);
}
const concurrencies = args.concurrency.split(",").map((value) => Number(value.trim()));
if (concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 256))
  throw new Error("--concurrency: 1…256, comma-separated");
const rounds = Number(args.rounds);
const targetSeconds = Number(args.seconds);
const openRate = Number(args.rate);
const openSeconds = Number(args["open-seconds"]);
const seed = args.seed ? Number(args.seed) : randomBytes(4).readUInt32LE();
const random = randomSource(seed);
const fixedPayments = args.payments ? Number(args.payments) : undefined;
const fixedCeilingPayments = args["ceiling-payments"] ? Number(args["ceiling-payments"]) : undefined;
const APP_DIR = path.resolve(args["app-dir"] ?? ROOT);
const BASELINE = args.baseline === "none" ? null : args.baseline;

type VariantKey = "baseline" | "current" | "current-2" | "current-split" | "noop";

interface Variant {
  key: VariantKey;
  label: string;
  servers: () => AppServer[];
  /** Its database (null: the do-nothing route has none). */
  database: string | null;
  pool: pg.Pool | null;
  template: Template | null;
  /** Answers before applying (`received`), rather than after (`applied`). */
  acknowledgeFirst: boolean;
  /** Processes whose CPU is counted apart (and together as the app's), when not just `servers`. */
  parts?: () => { label: string; pid: number }[];
  before?: () => Promise<void>;
  after?: () => Promise<void>;
}

type Shape = { kind: "closed"; concurrency: number } | { kind: "open"; perSecond: number; seconds: number };

interface StatementUse {
  total: number;
  perDelivery: number;
  classes: StatementClass[];
}

interface RunReport {
  variant: VariantKey;
  label: string;
  round: number | null;
  shape: Shape;
  payments: number;
  deliveries: number;
  /** First send to the later of the last answer and the last payment applied. */
  elapsedSeconds: number;
  sendSeconds: number;
  /** After the last answer, until the last payment was applied (the worker's backlog). */
  drainSeconds: number | null;
  completionsPerSecond: number | null;
  deliveriesPerSecond: number;
  acknowledgement: LatencySummary;
  /** Per payment: its first copy sent (open loop: due) → its `completed` event written. */
  timeToApplied: LatencySummary | null;
  overlappingDuplicates: number;
  statuses: Record<string, number>;
  answers: Record<string, number>;
  /** The servers' event-loop delay during the run (per-second p99s: median and worst; longest). */
  eventLoop: EventLoopDelay | null;
  /** The app's database connections during the run, on average, by pool, state and wait. */
  connections: ActivitySample[] | null;
  /** Acknowledge-first code: the worker's batches (pg-boss's job rows). */
  worker: WorkerBatches | null;
  /** Acknowledge-first code: duplicates closed by the recording statement / by the worker. */
  duplicates: { settled: number; early: number } | null;
  statements: StatementUse | null;
  cpuMs: CpuUse | null;
  /** Per process, CPU-ms per delivery, where a variant has several kinds (app server, worker). */
  cpuByProcess: Record<string, number | null> | null;
  cpuMsPerDelivery: Record<string, number> | null;
  cpuBusy: number | null;
  foreignCores: number | null;
  warmup: { payments: number; paymentsPerSecond: number };
  verification: Verification;
  /** Monotonic-clock window of the measured run, µs (to cut a CPU profile to it). */
  windowUs: { fromUs: number; toUs: number };
}

/** Raw latencies, kept out of the JSON, to pool percentiles across rounds. */
const raw = new Map<RunReport, { ack: number[]; applied: number[] }>();

async function main(): Promise<number> {
  const startedAt = new Date();
  const tmp = scratchDirectory("bench-webhook-");
  const build = await productionBuild(APP_DIR, args);
  let baseline: Baseline | null = null;
  if (BASELINE) {
    log(`preparing the baseline ${BASELINE} (git archive, prisma generate, next build)`);
    const keep = args["baseline-dir"];
    baseline = await prepareBaseline(
      ROOT,
      args.repo ?? ROOT,
      BASELINE,
      keep ? path.resolve(keep) : path.join(tmp, "baseline"),
      Boolean(keep),
    );
    const how = baseline.build.built
      ? `built in ${baseline.build.seconds.toFixed(0)} s`
      : baseline.build.reason;
    log(`baseline ${baseline.commit.slice(0, 7)} "${baseline.subject.slice(0, 70)}": ${how}`);
  }
  log("building the do-nothing app (bench/noop-app)");
  const noopDir = path.join(tmp, "noop-app");
  const noopBuild = await prepareNoopApp(ROOT, noopDir);

  log("starting an embedded PostgreSQL for this run, with pg_stat_statements");
  const dataDir = path.join(tmp, "db");
  const first = await startEmbeddedPostgres({ dataDir });
  await preloadStatementStats(first.url("postgres"));
  await first.stop(); // shared_preload_libraries takes effect on a restart
  const database = await startEmbeddedPostgres({ dataDir, port: first.port });
  onCleanup(() => database.stop());
  const stats = new StatementStats(database.url("postgres"));
  await stats.install();
  onCleanup(() => stats.close());
  const databaseUrl = database.url();
  await runMigrations(databaseUrl);
  await installJobQueue(databaseUrl);

  const keys = {
    apiKey: `bench-${randomBytes(12).toString("hex")}`,
    shopId: "bench-shop",
    secretKey: randomBytes(32).toString("base64url"),
  };
  const emulator = await startEmulatorProcess(keys);
  onCleanup(() => emulator.stop());
  const appEnv = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmp, "app-data"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CRYPTOCLOUD_API_KEY: keys.apiKey,
    CRYPTOCLOUD_SHOP_ID: keys.shopId,
    CRYPTOCLOUD_SECRET_KEY: keys.secretKey,
    CRYPTOCLOUD_API_BASE: emulator.apiBase,
  };
  // This process uses the same settings for setup and the SQL capture.
  Object.assign(process.env, appEnv);
  onCleanup(() => disconnectDb());
  await seedDatabase({ adminEmail: "bench-admin@example.com", demo: false });

  log("capturing the current pipeline's SQL (request, worker, settled duplicate), in-process");
  const captured = await captureDeliveryTrace(emulator);
  // The customer every bulk customer is copied from: made by createUser + real checkout.
  const template = await createTemplate();

  const profileDir = path.join(tmp, "profiles");
  const eventLoopDir = path.join(tmp, "event-loop");
  // Every server samples its event-loop delay; the current code's first one is also profiled on demand.
  const eventLoopHook = `--import=${writeEventLoopHook(eventLoopDir)}`;
  const hooks = (profiled: boolean) => ({
    NODE_OPTIONS: [
      process.env.NODE_OPTIONS,
      eventLoopHook,
      profiled ? `--import=${writeProfilerHook(profileDir)}` : "",
    ]
      .filter(Boolean)
      .join(" "),
  });
  log("starting the current code's production server (tsx scripts/serve.ts start)");
  const startMain = () =>
    startAppServer({
      root: APP_DIR,
      env: { ...appEnv, ...hooks(args.profile) },
      logFile: path.join(tmp, "server.log"),
    });
  let server = await startMain();
  onCleanup(() => server.stop());
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: "bench" });
  onCleanup(() => pool.end());
  const machine = await machineInfo(ROOT, pool);

  let second: AppServer | null = null;
  const stopSecond = async () => {
    await second?.stop();
    second = null;
  };
  onCleanup(stopSecond);

  const variants: Variant[] = [];
  let baselineServer: AppServer | null = null;
  if (baseline) {
    log("starting the baseline's production server on a database of its own (it migrates it itself)");
    await ensureDatabase(database.url("postgres"), "baseline");
    const url = database.url("baseline");
    const env = { ...appEnv, DATABASE_URL: url, DATA_DIR: path.join(tmp, "baseline-data") };
    const started = await startAppServer({
      root: baseline.dir,
      env: { ...env, ...hooks(false) },
      logFile: path.join(tmp, "baseline.log"),
    });
    baselineServer = started;
    onCleanup(() => started.stop());
    const baselinePool = new pg.Pool({ connectionString: url, max: 4, application_name: "bench" });
    onCleanup(() => baselinePool.end());
    variants.push({
      key: "baseline",
      label: `baseline ${baseline.commit.slice(0, 7)}`,
      servers: () => [started],
      database: "baseline",
      pool: baselinePool,
      template: await createBaselineTemplate(baseline.dir, env),
      acknowledgeFirst: false,
    });
  }
  const current: Variant = {
    key: "current",
    label: "current, 1 process",
    servers: () => [server],
    database: new URL(databaseUrl).pathname.slice(1),
    pool,
    template,
    acknowledgeFirst: true,
  };
  variants.push(current, {
    ...current,
    key: "current-2",
    label: "current, 2 processes",
    servers: () => [server, ...(second ? [second] : [])],
    before: async () => {
      second = await startAppServer({
        root: APP_DIR,
        env: { ...appEnv, ...hooks(false) },
        logFile: path.join(tmp, "server-2.log"),
      });
    },
    after: stopSecond,
  });
  // The same code deployed as an app server without workers (RUN_WORKERS=false) beside a worker
  // process (npm run worker): where a delivery's CPU goes, request and worker apart. The main
  // server stops meanwhile, or its in-process worker would take the jobs too.
  let split: { app: AppServer; worker: Awaited<ReturnType<typeof startWorkerProcess>> } | null = null;
  const stopSplit = async () => {
    await split?.app.stop();
    await split?.worker.stop();
    split = null;
  };
  onCleanup(stopSplit);
  if (!args.profile) {
    variants.push({
      ...current,
      key: "current-split",
      label: "current, app + worker process",
      servers: () => (split ? [split.app] : []),
      parts: () =>
        split
          ? [
              { label: "app server", pid: split.app.pid },
              { label: "worker process", pid: split.worker.pid },
            ]
          : [],
      before: async () => {
        await server.stop();
        const env = { ...appEnv, ...hooks(false), RUN_WORKERS: "false" };
        const app = await startAppServer({ root: APP_DIR, env, logFile: path.join(tmp, "split-app.log") });
        const worker = await startWorkerProcess({
          root: APP_DIR,
          env: { ...appEnv, ...hooks(false) },
          logFile: path.join(tmp, "split-worker.log"),
        });
        split = { app, worker };
      },
      after: async () => {
        await stopSplit();
        server = await startMain();
      },
    });
  }
  log("starting the do-nothing app (next start)");
  const noopServer = await startAppServer({
    root: noopDir,
    env: hooks(false),
    logFile: path.join(tmp, "noop.log"),
    command: "next-start",
  });
  onCleanup(() => noopServer.stop());
  variants.push({
    key: "noop",
    label: "do-nothing route",
    servers: () => [noopServer],
    database: null,
    pool: null,
    template: null,
    acknowledgeFirst: true,
  });

  const context: Context = { emulator, stats, captured, eventLoopDir, adminUrl: database.url("postgres") };
  const runs: RunReport[] = [];
  let failed = false;
  const record = (run: RunReport, variant: Variant) => {
    runs.push(run);
    printRun(run);
    if (!run.verification.pass) {
      failed = true;
      const logFile = variant.servers()[0]?.logFile;
      if (logFile) log(`exactly-once FAILED for ${run.label}; server log tail:\n${tail(logFile, 20)}`);
    }
  };
  for (let index = 1; index <= rounds && !failed; index++) {
    for (const concurrency of concurrencies) {
      for (const variant of variants) {
        log(`round ${index}, C=${concurrency}: ${variant.label}`);
        record(await measure(context, variant, { kind: "closed", concurrency }, index), variant);
      }
    }
  }

  // The do-nothing route too: its acknowledgement latency at the same rate is the framework's floor.
  const openVariants = variants.filter((v) => ["baseline", "current", "noop"].includes(v.key));
  if (!failed) {
    // Planning is counted here (it costs more under contention than the counting alone).
    await stats.configure({ planning: true });
    for (const variant of openVariants) {
      log(`open loop, ${openRate} deliveries/s for ${openSeconds} s: ${variant.label}`);
      record(
        await measure(context, variant, { kind: "open", perSecond: openRate, seconds: openSeconds }, null),
        variant,
      );
    }
    await stats.configure({ planning: false });
  }

  const paths: Partial<Record<VariantKey, PathCounts>> = {};
  for (const variant of openVariants.filter((v) => v.pool)) {
    log(`statements per path, one delivery at a time: ${variant.label}`);
    paths[variant.key] = await probePaths(context, variant);
  }

  let profile: ProfileSummary | null = null;
  if (args.profile) {
    await server.stop(); // the profiles are written when the server exits
    const file = newestProfile(profileDir);
    const run = runs.filter((r) => r.variant === "current" && r.shape.kind === "closed").at(-1);
    profile = file ? summarizeProfile(file, run?.windowUs) : null;
  }

  // The replay's recording statement queues jobs nobody must take: stop every server first.
  await server.stop();
  await stopSecond();
  await baselineServer?.stop();
  await noopServer.stop();
  log(`raw-SQL replay of the current pipeline's statements, C=${TARGETS.concurrency} (context only)`);
  const ceiling = await ceilingRun(pool, databaseUrl, template, captured, emulator.pid, TARGETS.concurrency);
  printRun(ceiling);

  const summary = summarizeRuns(runs);
  const statements = statementSummary(runs, captured, paths);
  const targets = evaluateTargets(summary, statements, runs);
  const exactlyOnce = !failed && [...runs, ceiling].every((run) => run.verification.pass);
  const report = {
    benchmark: "webhook-ingestion",
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    startedAt: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 0),
    seed,
    machine,
    builds: {
      current: { dir: APP_DIR, ...codeVersion(APP_DIR), ...build },
      baseline: baseline && { commit: baseline.commit, subject: baseline.subject, ...baseline.build },
      noop: noopBuild,
    },
    method: {
      duplicatesPerPostback: DUPLICATES,
      interleaveWindow: "4 × C × 6 positions (C = 16 for the open loop)",
      completion:
        "a payment reaching `completed` in the database; a run ends when every delivery is acknowledged and every payment applied",
      timeToApplied:
        "per payment: its completed PaymentEvent.createdAt (app clock) − when its first copy was sent (open loop: was due)",
      statements:
        "pg_stat_statements calls of the variant's database in the run's window (the benchmark's own polls excluded), all connections: requests, worker, pg-boss",
      cpu: "/proc: the variant's server process trees (launcher, Next, in-process worker), the PostgreSQL processes",
      twoProcesses:
        "two production servers of the current code on two ports, one database, each with its in-process worker; deliveries round robin",
      noop: "bench/noop-app: a Next.js 16 route that awaits request.text() and answers 200, served by next start; no database",
    },
    sql: captureReport(captured),
    runs,
    summary,
    statements,
    ceiling,
    targets,
    exactlyOnce: exactlyOnce ? "PASS" : "FAIL",
    ...(profile ? { profile } : {}),
  };
  const results = path.join(
    RESULTS_DIR,
    args.profile ? "webhook-ingestion.profile.json" : "webhook-ingestion.json",
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(results, `${JSON.stringify(report, null, 2)}\n`);
  printSummary(report);
  if (profile) printProfile(profile);
  log(`wrote ${path.relative(ROOT, results)}`);
  return exactlyOnce ? 0 : 1;
}

interface Context {
  emulator: Awaited<ReturnType<typeof startEmulatorProcess>>;
  stats: StatementStats;
  captured: CapturedTrace;
  eventLoopDir: string;
  /** A superuser's connection to the server's "postgres" database (not a variant's). */
  adminUrl: string;
}

/**
 * Which code the current-code servers ran: the checkout's commit and its modified files (bench/
 * and docs/ left out), or, in an exported copy, the commit named in its `.bench-code-commit`.
 */
function codeVersion(dir: string): { commit: string | null; modified: string[] } {
  try {
    const git = (...gitArgs: string[]) =>
      execFileSync("git", ["-C", dir, ...gitArgs], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const commit = git("rev-parse", "HEAD").trim();
    const status = git("status", "--porcelain", "--", ".", ":(exclude)bench", ":(exclude)docs");
    return { commit, modified: status.split("\n").filter(Boolean) };
  } catch {
    const stamp = path.join(dir, ".bench-code-commit");
    return { commit: fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : null, modified: [] };
  }
}

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deliveries for `count` payments: the fixtures' postbacks, or (do-nothing route) the sample's. */
async function prepareLoad(
  context: Context,
  variant: Variant,
  count: number,
  tag: string,
  concurrency: number,
): Promise<{ fixtures: Fixture[]; deliveries: Delivery[] }> {
  const fixtures =
    variant.pool && variant.template
      ? await createFixtures(variant.pool, variant.template, count, tag, {
          kind: "emulator",
          emulator: context.emulator,
        })
      : [];
  const sample = Buffer.from(context.captured.sample.body);
  const bodies = fixtures.map((fixture) => Buffer.from(fixture.body));
  const order = interleave(
    Array.from({ length: count }, (_, index) => index),
    COPIES,
    4 * concurrency * COPIES,
    random,
  );
  const deliveries = order.map((index) => ({
    key: index,
    body: bodies[index] ?? sample,
    contentType: fixtures[index]?.contentType ?? context.captured.sample.contentType,
  }));
  return { fixtures, deliveries };
}

function send(variant: Variant, shape: Shape, deliveries: Delivery[]): Promise<SendResult> {
  const urls = variant.servers().map((server) => server.url);
  return shape.kind === "closed"
    ? sendDeliveries({ urls, deliveries, concurrency: shape.concurrency, deadlineMs: 240_000 })
    : sendAtRate({ urls, deliveries, perSecond: shape.perSecond, deadlineMs: shape.seconds * 1000 + 60_000 });
}

function answerChecks(variant: Variant, result: SendResult, payments: number): Check[] {
  const ok = result.statuses["200"] ?? 0;
  const detail = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([key, count]) => `${key}=${count}`)
      .join(", ");
  const checks: Check[] = [
    {
      name: "every answer 200",
      pass: ok === result.sent && result.sent > 0,
      detail: detail(result.statuses),
    },
  ];
  if (!variant.pool) return checks;
  const answers = result.outcomes;
  checks.push(
    variant.acknowledgeFirst
      ? {
          name: "every answer 'received' or 'duplicate' (acknowledged before applying)",
          pass:
            (answers.received ?? 0) + (answers.duplicate ?? 0) === result.sent &&
            (answers.received ?? 0) >= payments,
          detail: detail(answers),
        }
      : {
          name: "exactly N answers 'applied'",
          pass: (answers.applied ?? 0) === payments,
          detail: detail(answers),
        },
  );
  return checks;
}

async function measure(
  context: Context,
  variant: Variant,
  shape: Shape,
  roundIndex: number | null,
): Promise<RunReport> {
  await variant.before?.();
  try {
    const concurrency = shape.kind === "closed" ? shape.concurrency : TARGETS.concurrency;
    const tag = `${variant.key}-${shape.kind}-${roundIndex ?? "o"}-${concurrency}`;

    // Warm-up (JIT, pools, caches), closed loop; its pace sizes a closed-loop run.
    const warmLoad = await prepareLoad(context, variant, WARMUP_PAYMENTS, `warm-${tag}`, concurrency);
    const warmStart = wallMs();
    const warm = await send(variant, { kind: "closed", concurrency }, warmLoad.deliveries);
    if ((warm.statuses["200"] ?? 0) !== warm.sent) {
      throw new Error(
        `${variant.label}: warm-up failed: ${JSON.stringify(warm.statuses)} ${warm.errors.join("; ")}`,
      );
    }
    if (variant.pool) {
      const drained = await waitUntilApplied(
        variant.pool,
        warmLoad.fixtures.map((f) => f.paymentId),
        DRAIN_TIMEOUT_MS,
      );
      if (!drained.done)
        throw new Error(`${variant.label}: warm-up payments not applied: ${JSON.stringify(drained)}`);
    }
    const warmRate = WARMUP_PAYMENTS / ((wallMs() - warmStart) / 1000);
    const payments =
      shape.kind === "open"
        ? Math.round((shape.perSecond * shape.seconds) / COPIES)
        : (fixedPayments ?? Math.max(100, Math.min(4_000, Math.round(warmRate * targetSeconds))));

    const { fixtures, deliveries } = await prepareLoad(context, variant, payments, tag, concurrency);
    const paymentIds = fixtures.map((fixture) => fixture.paymentId);
    const before = variant.pool ? await countDeliveries(variant.pool) : 0;
    const roots = () => variant.parts?.().map((part) => part.pid) ?? variant.servers().map((s) => s.pid);
    const partsBefore = (variant.parts?.() ?? []).map((part) => ({
      ...part,
      before: cpuSnapshot({ app: [part.pid], emulator: context.emulator.pid }),
    }));
    await context.stats.reset();
    const activity = variant.database ? await sampleActivity(context.adminUrl, variant.database) : null;
    const cpuBefore = cpuSnapshot({ app: roots(), emulator: context.emulator.pid });
    const fromUs = monotonicUs();
    const result = await send(variant, shape, deliveries);
    const drained = variant.pool ? await waitUntilApplied(variant.pool, paymentIds, DRAIN_TIMEOUT_MS) : null;
    const connections = activity ? await activity.stop() : null;
    const windowUs = { fromUs, toUs: monotonicUs() };
    const cpu = cpuDelta(cpuBefore, cpuSnapshot({ app: roots(), emulator: context.emulator.pid }));
    const cpuByProcess = Object.fromEntries(
      partsBefore.map((part) => {
        const use = cpuDelta(part.before, cpuSnapshot({ app: [part.pid], emulator: context.emulator.pid }));
        return [part.label, use ? round(use.app / Math.max(1, result.sent), 3) : null];
      }),
    );
    const statementRows = variant.database ? await context.stats.read(variant.database) : null;
    const eventLoop = eventLoopDelay(
      context.eventLoopDir,
      roots().flatMap((root) => [...processTree(root)]),
      result.startedAtWall,
      wallMs(),
    );

    let appliedLatencies: number[] = [];
    let lastApplied = 0;
    let duplicates: RunReport["duplicates"] = null;
    let worker: WorkerBatches | null = null;
    const checks = answerChecks(variant, result, payments);
    let verification: Verification = { pass: checks.every((c) => c.pass), checks };
    if (variant.pool) {
      const applied = await appliedTimes(variant.pool, paymentIds);
      appliedLatencies = fixtures.flatMap((fixture, index) => {
        const at = applied.get(fixture.paymentId);
        const sent = result.firstSentAt.get(index);
        return at === undefined || sent === undefined ? [] : [at - sent];
      });
      lastApplied = Math.max(0, ...applied.values());
      if (variant.acknowledgeFirst) {
        duplicates = await duplicateKinds(variant.pool, paymentIds);
        worker = await workerBatches(variant.pool, QUEUES.webhook, paymentIds);
      }
      checks.push({
        name: `every payment applied within ${DRAIN_TIMEOUT_MS / 1000} s of the last answer`,
        pass: drained?.done ?? false,
        detail: JSON.stringify(drained),
      });
      verification = await verifyExactlyOnce(variant.pool, {
        fixtures,
        copies: COPIES,
        deliveriesBefore: before,
        sent: result.sent,
        extra: checks,
      });
    }

    const end = Math.max(lastApplied, result.lastAnswerAtWall);
    const seconds = (end - result.startedAtWall) / 1000;
    const classes = statementRows ? classifyFor(variant, context.captured, statementRows) : null;
    const run: RunReport = {
      variant: variant.key,
      label: variant.label,
      round: roundIndex,
      shape,
      payments,
      deliveries: result.sent,
      elapsedSeconds: round(seconds, 2),
      sendSeconds: round(result.elapsedMs / 1000, 2),
      drainSeconds: variant.pool ? round(Math.max(0, lastApplied - result.lastAnswerAtWall) / 1000, 2) : null,
      completionsPerSecond: variant.pool ? round(payments / seconds, 1) : null,
      deliveriesPerSecond: round(result.sent / (result.elapsedMs / 1000), 1),
      acknowledgement: summarize(result.latencies),
      timeToApplied: variant.pool ? summarize(appliedLatencies) : null,
      overlappingDuplicates: result.overlapping,
      statuses: result.statuses,
      answers: result.outcomes,
      eventLoop,
      connections,
      duplicates,
      worker,
      statements: classes && {
        total: totalCalls(classes),
        perDelivery: round(totalCalls(classes) / result.sent, 2),
        classes,
      },
      cpuMs: cpu,
      cpuByProcess: partsBefore.length ? cpuByProcess : null,
      cpuMsPerDelivery: cpu
        ? {
            app: round(cpu.app / result.sent, 3),
            postgres: round(cpu.postgres / result.sent, 3),
            postgresBackground: round(cpu.postgresBackground / result.sent, 3),
            emulator: round(cpu.emulator / result.sent, 3),
            bench: round(cpu.bench / result.sent, 3),
            standby: round(cpu.standby / result.sent, 3),
            other: round(cpu.other / result.sent, 3),
          }
        : null,
      cpuBusy: cpu
        ? round(
            (cpu.app + cpu.postgres + cpu.emulator + cpu.bench + cpu.standby) /
              ((windowUs.toUs - windowUs.fromUs) / 1000) /
              os.availableParallelism(),
            2,
          )
        : null,
      foreignCores: cpu ? round(cpu.other / ((windowUs.toUs - windowUs.fromUs) / 1000), 2) : null,
      warmup: { payments: WARMUP_PAYMENTS, paymentsPerSecond: round(warmRate, 1) },
      verification,
      windowUs,
    };
    raw.set(run, { ack: result.latencies, applied: appliedLatencies });
    return run;
  } finally {
    await variant.after?.();
  }
}

const LOCKING_READ = "worker: locking read";
const EARLY_CLOSE = "worker: close early duplicates";

/** pg_stat_statements' rows by role; the current code's transactions counted from its locking reads. */
function classifyFor(variant: Variant, captured: CapturedTrace, rows: StatementRow[]): StatementClass[] {
  const namedBegin = captured.paths.workerApplied.some(
    (statement) => /^\s*BEGIN\b/i.test(statement.text) && statement.name !== null,
  );
  const known = knownStatements(variant, captured);
  return classify(rows, known, variant.acknowledgeFirst && namedBegin ? LOCKING_READ : undefined);
}

/** The current code's captured statements by role, to sort pg_stat_statements' rows. */
function knownStatements(variant: Variant, captured: CapturedTrace): Map<string, string> {
  const known = new Map<string, string>();
  if (!variant.acknowledgeFirst) return known;
  const { trace } = captured;
  const set = (statements: { sql: string }[], name: string) => {
    for (const statement of statements) {
      if (!/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(statement.sql)) known.set(statement.sql, name);
    }
  };
  set(trace.request, "request: record + dedupe + queue");
  set(trace.batch, "worker: read the batch's deliveries");
  set(trace.lock, LOCKING_READ);
  set(trace.applied, "worker: writing statement");
  set(trace.duplicate, EARLY_CLOSE);
  return known;
}

interface PathCounts {
  /** Statements (pg-boss's excluded) from sending a payment's first copy until it was applied. */
  applied: number[];
  /** Statements for a copy sent after its payment was applied. */
  settledDuplicate: number[];
  pgBossInAppliedWindow: number[];
  /** Each probe's statements by kind. */
  classes: { applied: StatementClass[]; settledDuplicate: StatementClass[] }[];
  verification: Verification;
}

/**
 * Statements per path, from pg_stat_statements around one delivery at a time: a payment's first
 * copy (until it is applied, plus 0.3 s), then a copy of the same postback (settled duplicate).
 * pg-boss's statements are counted apart: in these windows they are mostly idle polls.
 */
async function probePaths(context: Context, variant: Variant): Promise<PathCounts> {
  const pool = variant.pool as pg.Pool;
  const url = variant.servers()[0]?.url ?? "";
  const fixtures = await createFixtures(pool, variant.template as Template, 3, `probe-${variant.key}`, {
    kind: "emulator",
    emulator: context.emulator,
  });
  const before = await countDeliveries(pool);
  const counts: PathCounts = {
    applied: [],
    settledDuplicate: [],
    pgBossInAppliedWindow: [],
    classes: [],
    verification: { pass: false, checks: [] },
  };
  const window = async (deliver: () => Promise<unknown>) => {
    await context.stats.reset();
    await deliver();
    await sleep(300);
    const classes = classifyFor(variant, context.captured, await context.stats.read(variant.database ?? ""));
    const pgBoss = classes.filter((c) => c.name.startsWith("pg-boss")).reduce((sum, c) => sum + c.calls, 0);
    return { app: totalCalls(classes) - pgBoss, pgBoss, classes };
  };
  let sent = 0;
  for (const [index, fixture] of fixtures.entries()) {
    const delivery = { key: index, body: Buffer.from(fixture.body), contentType: fixture.contentType };
    const once = async () => {
      const result = await sendDeliveries({ urls: [url], deliveries: [delivery], concurrency: 1 });
      sent += result.sent;
    };
    const applied = await window(async () => {
      await once();
      await waitUntilApplied(pool, [fixture.paymentId], 10_000);
    });
    counts.applied.push(applied.app);
    counts.pgBossInAppliedWindow.push(applied.pgBoss);
    const duplicate = await window(once);
    counts.settledDuplicate.push(duplicate.app);
    counts.classes.push({ applied: applied.classes, settledDuplicate: duplicate.classes });
  }
  counts.verification = await verifyExactlyOnce(pool, {
    fixtures,
    copies: 2,
    deliveriesBefore: before,
    sent,
  });
  return counts;
}

async function ceilingRun(
  pool: pg.Pool,
  databaseUrl: string,
  template: Template,
  captured: CapturedTrace,
  emulatorPid: number,
  concurrency: number,
): Promise<RunReport> {
  const source = {
    kind: "synthetic" as const,
    sampleBody: captured.sample.body,
    sampleCode: captured.sample.code,
    contentType: captured.sample.contentType,
  };
  const order = (fixtures: Fixture[]) =>
    interleave(
      fixtures.map((_, index) => index),
      COPIES,
      4 * concurrency * COPIES,
      random,
    );
  const run = (fixtures: Fixture[], deadlineMs?: number) =>
    runCeiling({
      databaseUrl,
      trace: captured.trace,
      fixtures,
      order: order(fixtures),
      concurrency,
      deadlineMs,
    });
  const warmFixtures = await createFixtures(pool, template, 300, `cwarm-${concurrency}`, source);
  const warm = await run(warmFixtures);
  if (warm.errors.length > 0) throw new Error(`ceiling warm-up failed: ${warm.errors.join("; ")}`);
  const warmRate = (warm.sent * 1000) / warm.elapsedMs / COPIES;
  const payments =
    fixedCeilingPayments ?? Math.max(500, Math.min(40_000, Math.round(warmRate * targetSeconds)));
  const fixtures = await createFixtures(pool, template, payments, `ceiling-${concurrency}`, source);
  const before = await countDeliveries(pool);
  const cpuBefore = cpuSnapshot({ app: [], emulator: emulatorPid });
  const fromUs = monotonicUs();
  const result = await run(fixtures, 240_000);
  const windowUs = { fromUs, toUs: monotonicUs() };
  const cpu = cpuDelta(cpuBefore, cpuSnapshot({ app: [], emulator: emulatorPid }));
  const verification = await verifyExactlyOnce(pool, {
    fixtures,
    copies: COPIES,
    deliveriesBefore: before,
    sent: result.sent,
    extra: [
      {
        name: "no statement failed",
        pass: result.errors.length === 0,
        detail: result.errors.slice(0, 3).join("; ") || "none",
      },
    ],
  });
  const seconds = result.elapsedMs / 1000;
  return {
    variant: "current",
    label: "raw-SQL replay (context)",
    round: null,
    shape: { kind: "closed", concurrency },
    payments,
    deliveries: result.sent,
    elapsedSeconds: round(seconds, 2),
    sendSeconds: round(seconds, 2),
    drainSeconds: 0,
    completionsPerSecond: round((result.outcomes.applied ?? 0) / seconds, 1),
    deliveriesPerSecond: round(result.sent / seconds, 1),
    acknowledgement: summarize(result.latencies),
    timeToApplied: summarize(result.appliedLatencies),
    overlappingDuplicates: result.overlapping,
    statuses: {},
    answers: result.outcomes,
    eventLoop: null,
    connections: null,
    duplicates: null,
    worker: null,
    statements: null,
    cpuMs: cpu,
    cpuByProcess: null,
    cpuMsPerDelivery: cpu
      ? {
          postgres: round(cpu.postgres / result.sent, 3),
          bench: round(cpu.bench / result.sent, 3),
          other: round(cpu.other / result.sent, 3),
        }
      : null,
    cpuBusy: cpu
      ? round((cpu.postgres + cpu.bench + cpu.emulator) / result.elapsedMs / os.availableParallelism(), 2)
      : null,
    foreignCores: cpu ? round(cpu.other / result.elapsedMs, 2) : null,
    warmup: { payments: warmFixtures.length, paymentsPerSecond: round(warmRate, 1) },
    verification,
    windowUs,
  };
}

interface Pooled {
  variant: VariantKey;
  label: string;
  concurrency: number;
  runs: number;
  payments: number;
  deliveries: number;
  completionsPerSecond: number | null;
  deliveriesPerSecond: number;
  acknowledgement: LatencySummary;
  timeToApplied: LatencySummary | null;
  appCpuMsPerDelivery: number | null;
  postgresCpuMsPerDelivery: number | null;
  statementsPerDelivery: number | null;
  /** completions/s ÷ the baseline's, pooled over the rounds (and per round). */
  ratioToBaseline: number | null;
  ratioToBaselineByRound: number[];
}

/** Per variant and closed-loop concurrency, every round together: sums over sums, pooled latencies. */
function summarizeRuns(runs: RunReport[]): Pooled[] {
  const pooled: Pooled[] = [];
  const closed = runs.filter((run) => run.shape.kind === "closed");
  for (const concurrency of concurrencies) {
    const at = closed.filter((run) => run.shape.kind === "closed" && run.shape.concurrency === concurrency);
    const keys = [...new Set(at.map((run) => run.variant))];
    for (const key of keys) {
      const mine = at.filter((run) => run.variant === key);
      const sum = (fn: (run: RunReport) => number) => mine.reduce((total, run) => total + fn(run), 0);
      const deliveries = sum((run) => run.deliveries);
      const withDb = mine[0]?.completionsPerSecond !== null;
      const statements = mine.every((run) => run.statements)
        ? sum((run) => run.statements?.total ?? 0) / deliveries
        : null;
      pooled.push({
        variant: key,
        label: mine[0]?.label ?? key,
        concurrency,
        runs: mine.length,
        payments: sum((run) => run.payments),
        deliveries,
        completionsPerSecond: withDb
          ? round(sum((run) => run.payments) / sum((run) => run.elapsedSeconds), 1)
          : null,
        deliveriesPerSecond: round(deliveries / sum((run) => run.sendSeconds), 1),
        acknowledgement: summarize(mine.flatMap((run) => raw.get(run)?.ack ?? [])),
        timeToApplied: withDb ? summarize(mine.flatMap((run) => raw.get(run)?.applied ?? [])) : null,
        appCpuMsPerDelivery: mine.every((run) => run.cpuMs)
          ? round(sum((run) => run.cpuMs?.app ?? 0) / deliveries, 3)
          : null,
        postgresCpuMsPerDelivery: mine.every((run) => run.cpuMs)
          ? round(sum((run) => run.cpuMs?.postgres ?? 0) / deliveries, 3)
          : null,
        statementsPerDelivery: statements === null ? null : round(statements, 2),
        ratioToBaseline: null,
        ratioToBaselineByRound: [],
      });
    }
    const base = pooled.find((p) => p.variant === "baseline" && p.concurrency === concurrency);
    for (const entry of pooled.filter((p) => p.concurrency === concurrency)) {
      if (!base?.completionsPerSecond || entry.completionsPerSecond === null) continue;
      entry.ratioToBaseline = round(entry.completionsPerSecond / base.completionsPerSecond, 2);
      entry.ratioToBaselineByRound = at
        .filter((run) => run.variant === entry.variant)
        .map((run) => {
          const same = at.find((other) => other.variant === "baseline" && other.round === run.round);
          return same?.completionsPerSecond && run.completionsPerSecond
            ? round(run.completionsPerSecond / same.completionsPerSecond, 2)
            : NaN;
        });
    }
  }
  return pooled;
}

/**
 * Statements per delivery, for the current code: from the C = 16 closed-loop runs of one process
 * (all rounds), sorted by the capture's roles. Per applied delivery: its request statement, its
 * transaction (BEGIN, locking read, writing statement, COMMIT) and its share of the batch's
 * statements (the worker's read of the batch, pg-boss's fetch and complete; every fetch counts,
 * the idle polls of every queue included). Per early duplicate (recorded while its payment was
 * pending): its request statement and its transaction (BEGIN, locking read, COMMIT, closing
 * update). Per settled duplicate: its request statement, and the probe confirms nothing else.
 */
function statementSummary(
  runs: RunReport[],
  captured: CapturedTrace,
  paths: Partial<Record<VariantKey, PathCounts>>,
) {
  const mine = runs.filter(
    (run) =>
      run.variant === "current" &&
      run.shape.kind === "closed" &&
      run.shape.concurrency === TARGETS.concurrency,
  );
  const classes = new Map<string, StatementClass>();
  for (const run of mine) {
    for (const entry of run.statements?.classes ?? []) {
      const sum = classes.get(entry.name) ?? { name: entry.name, calls: 0, plans: 0, ms: 0 };
      sum.calls += entry.calls;
      sum.plans += entry.plans;
      sum.ms = round(sum.ms + entry.ms, 1);
      classes.set(entry.name, sum);
    }
  }
  const all = [...classes.values()].sort((a, b) => b.calls - a.calls);
  const deliveries = mine.reduce((sum, run) => sum + run.deliveries, 0);
  const payments = mine.reduce((sum, run) => sum + run.payments, 0);
  const early = mine.reduce((sum, run) => sum + (run.duplicates?.early ?? 0), 0);
  const settled = mine.reduce((sum, run) => sum + (run.duplicates?.settled ?? 0), 0);
  const calls = (...names: string[]) => callsOf(all, ...names);
  const request = calls("request: record + dedupe + queue");
  const batch =
    calls("worker: read the batch's deliveries") + calls("pg-boss fetch") + calls("pg-boss complete");
  const transaction = captured.paths.workerApplied.length;
  const perApplied = payments ? request / deliveries + transaction + batch / payments : null;
  // The worker's statements that are not the applies' transactions (one per payment) nor the
  // batches': what the duplicates recorded while their payment was pending cost it.
  const earlyShare =
    calls("BEGIN", "COMMIT", LOCKING_READ, "worker: writing statement", EARLY_CLOSE) - transaction * payments;
  const open = runs.find((run) => run.variant === "current" && run.shape.kind === "open");
  // The same at the open loop's rate, where a batch holds about one payment.
  const openClasses = open?.statements?.classes ?? [];
  const openCalls = (...names: string[]) => callsOf(openClasses, ...names);
  const openBatch =
    openCalls("worker: read the batch's deliveries") +
    openCalls("pg-boss fetch") +
    openCalls("pg-boss complete");
  const perAppliedOpenLoop = open
    ? round(
        openCalls("request: record + dedupe + queue") / open.deliveries +
          transaction +
          openBatch / open.payments,
        2,
      )
    : null;
  const named = (statements: RecordedStatement[]) => statements.every((statement) => statement.name !== null);
  const p = paths.current;
  const b = paths.baseline;
  const median = (values: number[] | undefined) =>
    values?.length ? ([...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? null) : null;
  return {
    counting:
      "pg_stat_statements, the C = 16 closed-loop runs of one current-code process (all rounds): calls by role; " +
      "per applied delivery = request statement + its transaction (BEGIN, locking read, writing statement, COMMIT) + " +
      "(batch reads + pg-boss fetches + pg-boss completes) ÷ payments",
    current: {
      deliveries,
      payments,
      settledDuplicates: settled,
      earlyDuplicates: early,
      perSettledDuplicate: median(p?.settledDuplicate),
      perApplied: perApplied === null ? null : round(perApplied, 2),
      perAppliedOpenLoop,
      paymentsPerBatchOpenLoop: open
        ? round(open.payments / Math.max(1, openCalls("worker: read the batch's deliveries")), 2)
        : null,
      perEarlyDuplicate: early ? round(request / deliveries + earlyShare / early, 2) : null,
      perDelivery: deliveries ? round(totalCalls(all) / deliveries, 2) : null,
      perDeliveryWithoutOtherPgBoss: deliveries
        ? round((totalCalls(all) - calls("pg-boss other (maintenance, other queues)")) / deliveries, 2)
        : null,
      batches: {
        reads: calls("worker: read the batch's deliveries"),
        paymentsPerRead: round(payments / Math.max(1, calls("worker: read the batch's deliveries")), 1),
        pgBossFetches: calls("pg-boss fetch"),
        pgBossCompletes: calls("pg-boss complete"),
      },
      classes: all,
      /** The capture: whether node-postgres sent each of the app's statements under a name. */
      appStatementsNamed: named([
        ...captured.paths.request,
        ...captured.paths.workerBatch,
        ...captured.paths.workerApplied,
        ...captured.paths.workerDuplicate,
      ]),
      /** pg_stat_statements with track_planning, open-loop run: plans ÷ calls by role. */
      planning: open?.statements?.classes.map((entry) => ({
        name: entry.name,
        calls: entry.calls,
        plans: entry.plans,
        plansPerCall: entry.calls ? round(entry.plans / entry.calls, 2) : 0,
        msPerCall: entry.calls ? round(entry.ms / entry.calls, 3) : 0,
      })),
      probe: p,
    },
    baseline: b
      ? {
          perApplied: median(b.applied),
          perSettledDuplicate: median(b.settledDuplicate),
          perDelivery:
            runs
              .filter((run) => run.variant === "baseline" && run.shape.kind === "closed")
              .reduce((sum, run) => sum + (run.statements?.total ?? 0), 0) /
            Math.max(
              1,
              runs
                .filter((run) => run.variant === "baseline" && run.shape.kind === "closed")
                .reduce((sum, run) => sum + run.deliveries, 0),
            ),
          planning: runs
            .find((run) => run.variant === "baseline" && run.shape.kind === "open")
            ?.statements?.classes.map((entry) => ({
              name: entry.name,
              calls: entry.calls,
              plans: entry.plans,
            })),
          probe: b,
        }
      : null,
  };
}

type StatementSummary = ReturnType<typeof statementSummary>;

interface Target {
  target: string;
  measured: string;
  pass: boolean | null;
}

function evaluateTargets(summary: Pooled[], statements: StatementSummary, runs: RunReport[]): Target[] {
  const at = (key: VariantKey) =>
    summary.find((p) => p.variant === key && p.concurrency === TARGETS.concurrency);
  const one = at("current");
  const two = at("current-2");
  const noop = at("noop");
  const open = runs.find((run) => run.variant === "current" && run.shape.kind === "open");
  const s = statements.current;
  const targets: Target[] = [];
  const add = (target: string, measured: string, pass: boolean | null) =>
    targets.push({ target, measured, pass });
  const ratio = (p: Pooled | undefined) =>
    p?.ratioToBaseline === null || p?.ratioToBaseline === undefined
      ? "n/a"
      : `${p.ratioToBaseline}× (${p.completionsPerSecond} vs ${at("baseline")?.completionsPerSecond} completions/s; rounds: ${p.ratioToBaselineByRound.join(", ")})`;
  add(
    `one process ≥ ${TARGETS.oneProcessRatio}× the baseline's completions/s`,
    ratio(one),
    one?.ratioToBaseline == null ? null : one.ratioToBaseline >= TARGETS.oneProcessRatio,
  );
  add(
    `two processes ≥ ${TARGETS.twoProcessRatio}×`,
    ratio(two),
    two?.ratioToBaseline == null ? null : two.ratioToBaseline >= TARGETS.twoProcessRatio,
  );
  const appCpu = one?.appCpuMsPerDelivery ?? null;
  const noopCpu = noop?.appCpuMsPerDelivery ?? null;
  add(
    `app CPU ≤ ${TARGETS.appCpuMs} ms per delivery and ≤ ${TARGETS.appCpuNoopFactor}× the do-nothing route's`,
    `${appCpu} ms; do-nothing route ${noopCpu} ms (${appCpu && noopCpu ? round(appCpu / noopCpu, 2) : "?"}×)`,
    appCpu === null || noopCpu === null
      ? null
      : appCpu <= TARGETS.appCpuMs && appCpu <= TARGETS.appCpuNoopFactor * noopCpu,
  );
  const pgCpu = one?.postgresCpuMsPerDelivery ?? null;
  add(
    `PostgreSQL CPU ≤ ${TARGETS.postgresCpuMs} ms per delivery`,
    `${pgCpu} ms`,
    pgCpu === null ? null : pgCpu <= TARGETS.postgresCpuMs,
  );
  add(
    `${TARGETS.settledDuplicateStatements} statement per settled duplicate`,
    `${s.perSettledDuplicate}`,
    s.perSettledDuplicate === null ? null : s.perSettledDuplicate <= TARGETS.settledDuplicateStatements,
  );
  add(
    `≤ ${TARGETS.appliedStatements} statements per applied delivery`,
    `${s.perApplied}`,
    s.perApplied === null ? null : s.perApplied <= TARGETS.appliedStatements,
  );
  add(
    `≤ ${TARGETS.averageStatements} statements per delivery on average`,
    `${s.perDelivery}`,
    s.perDelivery === null ? null : s.perDelivery <= TARGETS.averageStatements,
  );
  const unnamed = (s.planning ?? []).filter((entry) => entry.name.startsWith("pg-boss") && entry.calls > 0);
  add(
    "all statements prepared",
    `app's statements named: ${s.appStatementsNamed ? "yes" : "NO"}; pg-boss's sent unnamed: ${unnamed
      .map((entry) => `${entry.name} ${entry.plansPerCall} plans/call`)
      .join(", ")}`,
    s.appStatementsNamed && unnamed.length === 0,
  );
  add(
    `open loop ${openRate}/s: acknowledgement p99 < ${TARGETS.openAckP99Ms} ms`,
    `${open?.acknowledgement.p99Ms} ms (p50 ${open?.acknowledgement.p50Ms})`,
    open ? open.acknowledgement.p99Ms < TARGETS.openAckP99Ms : null,
  );
  add(
    `open loop ${openRate}/s: applied p99 < ${TARGETS.openAppliedP99Ms} ms`,
    `${open?.timeToApplied?.p99Ms} ms (p50 ${open?.timeToApplied?.p50Ms})`,
    open?.timeToApplied ? open.timeToApplied.p99Ms < TARGETS.openAppliedP99Ms : null,
  );
  return targets;
}

function captureReport(captured: CapturedTrace) {
  const short = (statements: RecordedStatement[]) =>
    statements.map((statement) => ({ named: statement.name !== null, sql: shortSql(statement.text) }));
  return {
    request: short(captured.paths.request),
    settledDuplicate: short(captured.paths.settledDuplicate),
    workerBatch: short(captured.paths.workerBatch),
    workerApplied: short(captured.paths.workerApplied),
    workerEarlyDuplicate: short(captured.paths.workerDuplicate),
  };
}

function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").replaceAll(`"public".`, "").trim();
  return flat.length > 140 ? `${flat.slice(0, 137)}…` : flat;
}

function printProfile(profile: ProfileSummary) {
  console.log(`Where the current code's server CPU went (V8 profile ${profile.file}, ${profile.sampledMs} ms sampled in a ${profile.windowMs} ms window):

${table([["component", "ms", "share"], ...profile.components.map((c) => [c.component, c.ms, `${(c.share * 100).toFixed(1)}%`])])}

${table([["function", "source", "ms", "share"], ...profile.topFunctions.slice(0, 15).map((f) => [f.function, f.source.slice(0, 70), f.ms, `${(f.share * 100).toFixed(1)}%`])])}
`);
}

const describeShape = (shape: Shape) =>
  shape.kind === "closed" ? `C=${shape.concurrency}` : `${shape.perSecond}/s open`;

function printRun(run: RunReport) {
  const ack = run.acknowledgement;
  const applied = run.timeToApplied;
  log(
    `  ${run.label} ${describeShape(run.shape)}: ${run.payments} payments, ${run.deliveries} deliveries in ${run.elapsedSeconds} s → ` +
      `${run.completionsPerSecond ?? "-"} completions/s, ${run.deliveriesPerSecond} deliveries/s, ack p50 ${ack.p50Ms} / p99 ${ack.p99Ms} ms` +
      (applied ? `, applied p50 ${applied.p50Ms} / p99 ${applied.p99Ms} ms` : "") +
      (run.statements ? `, ${run.statements.perDelivery} statements/delivery` : "") +
      (run.cpuMsPerDelivery
        ? `, CPU/delivery app ${run.cpuMsPerDelivery.app ?? 0} pg ${run.cpuMsPerDelivery.postgres} ms`
        : "") +
      (run.eventLoop
        ? `, event loop p99 ${run.eventLoop.p99MedianMs}–${run.eventLoop.p99WorstMs} max ${run.eventLoop.maxMs} ms`
        : "") +
      (run.cpuByProcess
        ? `, CPU/delivery by process: ${Object.entries(run.cpuByProcess)
            .map(([label, ms]) => `${label} ${ms}`)
            .join(", ")} ms`
        : "") +
      (run.worker
        ? `, worker ${run.worker.batches} batches of ${run.worker.paymentsPerBatch} payments, ${run.worker.batchMs.p50Ms} ms each (p50), busy ${run.worker.busySeconds} of ${run.worker.spanSeconds} s`
        : "") +
      `; ${run.verification.pass ? "checks PASS" : "checks FAIL"}`,
  );
  for (const check of run.verification.checks.filter((c) => !c.pass))
    log(`    FAIL ${check.name}: ${check.detail}`);
  if ((run.foreignCores ?? 0) > FOREIGN_CORES_WARNING) {
    log(`    WARNING: other processes on this machine used ${run.foreignCores} cores during this run`);
  }
}

function printSummary(report: {
  machine: Awaited<ReturnType<typeof machineInfo>>;
  runs: RunReport[];
  summary: Pooled[];
  statements: StatementSummary;
  ceiling: RunReport;
  targets: Target[];
  exactlyOnce: string;
  durationSeconds: number;
}) {
  const m = report.machine;
  const ms = (value: number | null | undefined) => (value === null || value === undefined ? "-" : value);
  const rows: (string | number)[][] = [
    [
      "variant",
      "C",
      "rounds",
      "payments",
      "compl/s",
      "deliv/s",
      "ack p50",
      "ack p99",
      "applied p50",
      "applied p99",
      "stmts/deliv",
      "app CPU",
      "PG CPU",
      "× baseline",
    ],
  ];
  for (const p of report.summary) {
    rows.push([
      p.label,
      p.concurrency,
      p.runs,
      p.payments,
      ms(p.completionsPerSecond),
      p.deliveriesPerSecond,
      p.acknowledgement.p50Ms,
      p.acknowledgement.p99Ms,
      ms(p.timeToApplied?.p50Ms),
      ms(p.timeToApplied?.p99Ms),
      ms(p.statementsPerDelivery),
      ms(p.appCpuMsPerDelivery),
      ms(p.postgresCpuMsPerDelivery),
      p.ratioToBaseline === null ? "-" : `${p.ratioToBaseline}× (${p.ratioToBaselineByRound.join(", ")})`,
    ]);
  }
  for (const run of report.runs.filter((r) => r.shape.kind === "open")) {
    rows.push([
      `${run.label}, open loop`,
      `${openRate}/s`,
      1,
      run.payments,
      ms(run.completionsPerSecond),
      run.deliveriesPerSecond,
      run.acknowledgement.p50Ms,
      run.acknowledgement.p99Ms,
      ms(run.timeToApplied?.p50Ms),
      ms(run.timeToApplied?.p99Ms),
      ms(run.statements?.perDelivery),
      ms(run.cpuMsPerDelivery?.app),
      ms(run.cpuMsPerDelivery?.postgres),
      "",
    ]);
  }
  const c = report.ceiling;
  rows.push([
    c.label,
    TARGETS.concurrency,
    1,
    c.payments,
    ms(c.completionsPerSecond),
    c.deliveriesPerSecond,
    c.acknowledgement.p50Ms,
    c.acknowledgement.p99Ms,
    "",
    "",
    "",
    `${c.cpuMsPerDelivery?.bench ?? "-"} (client)`,
    ms(c.cpuMsPerDelivery?.postgres),
    "",
  ]);
  const s = report.statements;
  const disturbed = [...report.runs, report.ceiling]
    .filter((run) => (run.foreignCores ?? 0) > FOREIGN_CORES_WARNING)
    .map((run) => `${run.label} ${describeShape(run.shape)} (${run.foreignCores} cores)`);
  console.log(`
Webhook ingestion — ${m.cpuModel}, ${m.nproc} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}
Each postback delivered ${COPIES}× (1 + ${DUPLICATES} duplicates); completions = payments applied; latencies in ms; CPU in ms per delivery.
Closed-loop rows pool the rounds (sums over sums; ratio per round in brackets).

${table(rows)}

Statements (current code, pg_stat_statements): per settled duplicate ${s.current.perSettledDuplicate}, per applied delivery ${s.current.perApplied} (${s.current.perAppliedOpenLoop} in the open loop, ${s.current.paymentsPerBatchOpenLoop} payments per batch), per early duplicate ${s.current.perEarlyDuplicate}, on average ${s.current.perDelivery} (${s.current.perDeliveryWithoutOtherPgBoss} without pg-boss's other queues and maintenance); ${s.current.earlyDuplicates} early and ${s.current.settledDuplicates} settled duplicates; ${s.current.batches.paymentsPerRead} payments per worker batch
${s.baseline ? `Statements (baseline): per applied delivery ${s.baseline.perApplied}, per settled duplicate ${s.baseline.perSettledDuplicate}, on average ${round(s.baseline.perDelivery, 2)}` : ""}

${table([["target", "measured", ""], ...report.targets.map((t) => [t.target, t.measured, t.pass === null ? "n/a" : t.pass ? "PASS" : "MISS"])])}

${disturbed.length ? `WARNING: other processes used CPU during ${disturbed.join(", ")}: those figures are disturbed.\n` : ""}exactly-once: ${report.exactlyOnce}    (${report.durationSeconds} s in all)
`);
}

await runBenchmark(main, WATCHDOG_MS);

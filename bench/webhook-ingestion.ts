// `npm run bench`: webhook ingestion against the production build. See bench/README.md.
//
// 1. next build (when stale), an embedded PostgreSQL of its own, a CryptoCloud emulator of its
//    own, and the production server (`tsx scripts/serve.ts start`) pointed at both;
// 2. the SQL the app runs per delivery, captured from the real pipeline (harness/sql-trace.ts);
// 3. what a delivery pays before the database: JWT check and merchant/info re-fetch, alone;
// 4. per concurrency (1, 16, 64): HTTP deliveries to /api/webhook/payment, each postback sent
//    1 + 5 duplicate times, interleaved; exactly-once verified in the database; then the ceiling,
//    the same SQL replayed with raw node-postgres on fresh payments, same mix, same server;
// 5. a table on stdout and bench/results/webhook-ingestion.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { disconnectDb } from "@/lib/db";
import { startEmbeddedPostgres } from "@/lib/embedded-postgres";
import { runMigrations } from "@/scripts/run-migrations";
import { runCeiling, type CeilingResult } from "./harness/ceiling";
import { cpuDelta, cpuSnapshot, type CpuUse } from "./harness/cpu";
import { startEmulatorProcess } from "./harness/emulator";
import { createFixtures, createTemplate, type Fixture, type Template } from "./harness/fixtures";
import { log, onCleanup, productionBuild, runBenchmark, scratchDirectory } from "./harness/lifecycle";
import { machineInfo } from "./harness/machine";
import { measureJwtVerify, measureRefetch } from "./harness/micro";
import { newestProfile, type ProfileSummary, summarizeProfile, writeProfilerHook } from "./harness/profile";
import { sendDeliveries, type Delivery, type SendResult } from "./harness/senders";
import { captureDeliveryTrace, type CapturedTrace } from "./harness/sql-trace";
import { interleave, type LatencySummary, randomSource, round, summarize, table } from "./harness/stats";
import { startAppServer, tail, type AppServer } from "./harness/server";
import { countDeliveries, verifyExactlyOnce, type Check, type Verification } from "./harness/verify";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS_DIR = path.join(ROOT, "bench", "results");
/** Each postback is delivered once plus this many duplicates. */
const DUPLICATES = 5;
const COPIES = 1 + DUPLICATES;
const TARGET = { concurrency: 16, ratio: 0.4, p99Ms: 50 };
const WATCHDOG_MS = 20 * 60_000;
/** Above this many cores used by processes outside the benchmark, a run's figures are suspect. */
const FOREIGN_CORES_WARNING = 0.1;

const { values: args } = parseArgs({
  options: {
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    concurrency: { type: "string", default: "16,64" },
    payments: { type: "string" },
    "ceiling-payments": { type: "string" },
    seconds: { type: "string", default: "15" },
    seed: { type: "string" },
    "app-dir": { type: "string" },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- webhook [options]   (or: npm run bench -- [options])
  --concurrency 16,64     sender counts to run (an unloaded C=1 probe always runs first)
  --seconds 15            aim for this long per measured run (sizes N from the warm-up rate)
  --payments N            fix the number of payments per HTTP run instead
  --ceiling-payments N    fix the number of payments per ceiling run instead
  --build / --no-build    always rebuild / never build (default: build when sources are newer)
  --seed N                delivery order seed (default: random, printed)
  --app-dir DIR           serve the app from another checkout of this project (default: this one)
  --profile               run the server under V8's CPU profiler and say where its time goes
                          (slower: figures go to webhook-ingestion.profile.json, not the results)`);
  process.exit(0);
}
const concurrencies = args.concurrency.split(",").map((value) => Number(value.trim()));
if (concurrencies.some((c) => !Number.isInteger(c) || c < 1 || c > 256))
  throw new Error("--concurrency: 1…256, comma-separated");
const targetSeconds = Number(args.seconds);
const seed = args.seed ? Number(args.seed) : randomBytes(4).readUInt32LE();
const random = randomSource(seed);
const fixedPayments = args.payments ? Number(args.payments) : undefined;
const fixedCeilingPayments = args["ceiling-payments"] ? Number(args["ceiling-payments"]) : undefined;
const APP_DIR = path.resolve(args["app-dir"] ?? ROOT);

interface RunReport {
  kind: "app" | "ceiling";
  concurrency: number;
  payments: number;
  deliveries: number;
  elapsedSeconds: number;
  completionsPerSecond: number;
  deliveriesPerSecond: number;
  latency: LatencySummary;
  latencyApplied: LatencySummary;
  latencyDuplicate: LatencySummary;
  /** Deliveries that started while a copy of the same postback was in flight. */
  overlappingDuplicates: number;
  statuses?: Record<string, number>;
  outcomes: Record<string, number>;
  errors: string[];
  /** CPU-ms per delivery by component, and how busy the machine was (1.0 = every core). */
  cpuMsPerDelivery: CpuUse | null;
  cpuBusy: number | null;
  /** Cores used, on average, by processes outside the benchmark during the run. */
  foreignCores: number | null;
  warmup: { payments: number; deliveriesPerSecond: number };
  verification: Verification;
  /** Monotonic-clock window of the measured run, µs (to cut a CPU profile to it). */
  windowUs: { fromUs: number; toUs: number };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const build = await productionBuild(APP_DIR, args);

  const tmp = scratchDirectory("bench-webhook-");

  log("starting an embedded PostgreSQL for this run");
  const database = await startEmbeddedPostgres({ dataDir: path.join(tmp, "db") });
  onCleanup(() => database.stop());
  const databaseUrl = database.url();
  await runMigrations(databaseUrl);

  const keys = {
    apiKey: `bench-${randomBytes(12).toString("hex")}`,
    shopId: "bench-shop",
    secretKey: randomBytes(32).toString("base64url"),
  };
  const emulator = await startEmulatorProcess(keys);
  onCleanup(() => emulator.stop());
  const profileDir = path.join(tmp, "profiles");
  const appEnv = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(tmp, "app-data"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    CRYPTOCLOUD_API_KEY: keys.apiKey,
    CRYPTOCLOUD_SHOP_ID: keys.shopId,
    CRYPTOCLOUD_SECRET_KEY: keys.secretKey,
    CRYPTOCLOUD_API_BASE: emulator.apiBase,
  };
  // This process uses the same settings for setup, the SQL capture and the re-fetch measurement.
  Object.assign(process.env, appEnv);
  const profileEnv: Record<string, string> = args.profile
    ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${writeProfilerHook(profileDir)}`.trim() }
    : {};

  log("starting the production server (tsx scripts/serve.ts start)");
  const server = await startAppServer({
    root: APP_DIR,
    env: { ...appEnv, ...profileEnv },
    logFile: path.join(tmp, "server.log"),
  });
  onCleanup(() => server.stop());
  log(`app on ${server.url}, emulator on ${emulator.apiBase}`);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  onCleanup(async () => {
    await pool.end();
    await disconnectDb();
  });
  const machine = await machineInfo(ROOT, pool);

  log("capturing the SQL of one applied and one duplicate delivery (real pipeline, in-process)");
  const captured = await captureDeliveryTrace(emulator);
  // The customer every bulk customer is copied from: made by createUser + real checkout.
  const template = await createTemplate();

  log("measuring the JWT check and the merchant/info re-fetch alone");
  const token = (JSON.parse(captured.sample.body) as { token: string }).token;
  const jwt = await measureJwtVerify(token, keys.secretKey);
  const refetchInvoices = (
    await createFixtures(pool, template, 50, "refetch", { kind: "emulator", emulator })
  ).map((fixture) => fixture.providerRef);
  const refetch = [];
  for (const concurrency of [1, TARGET.concurrency]) {
    const before = cpuSnapshot({ app: server.pid, emulator: emulator.pid });
    const cost = await measureRefetch(refetchInvoices, concurrency, concurrency === 1 ? 2_000 : 5_000);
    const cpu = cpuDelta(before, cpuSnapshot({ app: server.pid, emulator: emulator.pid }));
    refetch.push({
      ...cost,
      emulatorCpuMicrosPerCall: cpu ? round((cpu.emulator * 1000) / cost.calls, 0) : null,
    });
  }

  const scenarios: { concurrency: number; app: RunReport; ceiling: RunReport; ratio: number }[] = [];
  for (const concurrency of [1, ...concurrencies.filter((c) => c !== 1)]) {
    const probe = concurrency === 1;
    log(`C=${concurrency}: HTTP deliveries to the production server`);
    const app = await appRun(server, pool, template, emulator, concurrency, probe ? 100 : fixedPayments);
    printRun(app);
    log(`C=${concurrency}: ceiling (same SQL, raw node-postgres)`);
    const ceiling = await ceilingRun(
      pool,
      databaseUrl,
      template,
      captured,
      server.pid,
      emulator.pid,
      concurrency,
      probe ? 100 : fixedCeilingPayments,
    );
    printRun(ceiling);
    scenarios.push({
      concurrency,
      app,
      ceiling,
      ratio: round(app.completionsPerSecond / ceiling.completionsPerSecond, 3),
    });
    if (!app.verification.pass || !ceiling.verification.pass) {
      log(`exactly-once FAILED at C=${concurrency}; server log tail:\n${tail(server.logFile, 20)}`);
      break;
    }
  }

  let profile: ProfileSummary | null = null;
  if (args.profile) {
    await server.stop(); // the profiles are written when the server exits
    const file = newestProfile(profileDir);
    const run = scenarios.find((s) => s.concurrency === TARGET.concurrency) ?? scenarios.at(-1);
    profile = file ? summarizeProfile(file, run?.app.windowUs) : null;
  }

  const exactlyOnce = scenarios.every((s) => s.app.verification.pass && s.ceiling.verification.pass);
  const atTarget = scenarios.find((s) => s.concurrency === TARGET.concurrency);
  const targets = atTarget
    ? {
        concurrency: TARGET.concurrency,
        ratio: atTarget.ratio,
        ratioTarget: TARGET.ratio,
        ratioMet: atTarget.ratio >= TARGET.ratio,
        p99Ms: atTarget.app.latency.p99Ms,
        p99TargetMs: TARGET.p99Ms,
        p99Met: atTarget.app.latency.p99Ms < TARGET.p99Ms,
      }
    : null;
  const report = {
    benchmark: "webhook-ingestion",
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    startedAt: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 0),
    seed,
    machine,
    build,
    method: {
      duplicatesPerPostback: DUPLICATES,
      interleaveWindow: "4 × C × 6 positions",
      appPool: "Prisma's default node-postgres pool (10 connections) in the server",
      ceilingClients: "C node-postgres clients, one connection each",
    },
    sql: {
      appliedDeliveryStatements: captured.statements.applied.length,
      duplicateDeliveryStatements: captured.statements.duplicate.length,
      applied: captured.statements.applied.map(shortSql),
      duplicate: captured.statements.duplicate.map(shortSql),
    },
    perDeliveryCosts: { jwtVerify: jwt, refetch },
    scenarios,
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

function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

function printProfile(profile: ProfileSummary) {
  console.log(`Where the app server's CPU went (V8 profile ${profile.file}, ${profile.sampledMs} ms sampled in a ${profile.windowMs} ms window):

${table([["component", "ms", "share"], ...profile.components.map((c) => [c.component, c.ms, `${(c.share * 100).toFixed(1)}%`])])}

${table([["function", "source", "ms", "share"], ...profile.topFunctions.slice(0, 15).map((f) => [f.function, f.source.slice(0, 70), f.ms, `${(f.share * 100).toFixed(1)}%`])])}
`);
}

function shortSql(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").replaceAll(`"public".`, "").trim();
  return flat.length > 140 ? `${flat.slice(0, 137)}…` : flat;
}

function deliveriesFor(fixtures: readonly Fixture[], concurrency: number): Delivery[] {
  const bodies = fixtures.map((fixture) => Buffer.from(fixture.body));
  return interleave(
    fixtures.map((_, index) => index),
    COPIES,
    4 * concurrency * COPIES,
    random,
  ).map((index) => ({
    key: index,
    body: bodies[index] as Buffer,
    contentType: fixtures[index]?.contentType ?? "",
  }));
}

function paymentsFor(rate: number, fixed: number | undefined, min: number, max: number): number {
  if (fixed) return fixed;
  return Math.max(min, Math.min(max, Math.round(rate * targetSeconds)));
}

function httpChecks(result: SendResult, payments: number): Check[] {
  const ok = result.statuses["200"] ?? 0;
  return [
    {
      name: "every answer 200",
      pass: ok === result.sent && result.sent > 0,
      detail: Object.entries(result.statuses)
        .map(([status, count]) => `${status}=${count}`)
        .join(", "),
    },
    {
      name: "exactly N answers 'applied'",
      pass: (result.outcomes.applied ?? 0) === payments,
      detail: Object.entries(result.outcomes)
        .map(([outcome, count]) => `${outcome}=${count}`)
        .join(", "),
    },
  ];
}

async function appRun(
  server: AppServer,
  pool: pg.Pool,
  template: Template,
  emulator: Awaited<ReturnType<typeof startEmulatorProcess>>,
  concurrency: number,
  fixed: number | undefined,
): Promise<RunReport> {
  const warmFixtures = await createFixtures(
    pool,
    template,
    concurrency === 1 ? 50 : 70,
    `warm-${concurrency}`,
    {
      kind: "emulator",
      emulator,
    },
  );
  const warm = await sendDeliveries({
    url: server.url,
    deliveries: deliveriesFor(warmFixtures, concurrency),
    concurrency,
  });
  if ((warm.statuses["200"] ?? 0) !== warm.sent) {
    throw new Error(
      `warm-up deliveries failed: ${JSON.stringify(warm.statuses)} ${warm.errors.join("; ")}\n${tail(server.logFile, 20)}`,
    );
  }
  const warmRate = (warm.sent * 1000) / warm.elapsedMs;
  const payments = paymentsFor(warmRate / COPIES, fixed, 200, 4_000);

  const fixtures = await createFixtures(pool, template, payments, `app-${concurrency}`, {
    kind: "emulator",
    emulator,
  });
  const deliveries = deliveriesFor(fixtures, concurrency);
  const before = await countDeliveries(pool);
  const cpuBefore = cpuSnapshot({ app: server.pid, emulator: emulator.pid });
  const fromUs = monotonicUs();
  const result = await sendDeliveries({ url: server.url, deliveries, concurrency, deadlineMs: 240_000 });
  const windowUs = { fromUs, toUs: monotonicUs() };
  const cpu = cpuDelta(cpuBefore, cpuSnapshot({ app: server.pid, emulator: emulator.pid }));
  const verification = await verifyExactlyOnce(pool, {
    fixtures,
    copies: COPIES,
    deliveriesBefore: before,
    sent: result.sent,
    extra: httpChecks(result, payments),
  });
  return runReport(
    "app",
    concurrency,
    payments,
    result,
    cpu,
    { payments: warmFixtures.length, rate: warmRate },
    verification,
    windowUs,
  );
}

async function ceilingRun(
  pool: pg.Pool,
  databaseUrl: string,
  template: Template,
  captured: CapturedTrace,
  serverPid: number,
  emulatorPid: number,
  concurrency: number,
  fixed: number | undefined,
): Promise<RunReport> {
  const source = {
    kind: "synthetic" as const,
    sampleBody: captured.sample.body,
    sampleCode: captured.sample.code,
    contentType: captured.sample.contentType,
  };
  const run = (fixtures: Fixture[], deadlineMs?: number) =>
    runCeiling({
      databaseUrl,
      trace: captured.trace,
      fixtures,
      order: deliveriesFor(fixtures, concurrency).map((delivery) => delivery.key),
      concurrency,
      deadlineMs,
    });
  const warmFixtures = await createFixtures(
    pool,
    template,
    concurrency === 1 ? 20 : 300,
    `cwarm-${concurrency}`,
    source,
  );
  const warm = await run(warmFixtures);
  if (warm.errors.length > 0) throw new Error(`ceiling warm-up failed: ${warm.errors.join("; ")}`);
  const warmRate = (warm.sent * 1000) / warm.elapsedMs;
  const payments = paymentsFor(warmRate / COPIES, fixed, 500, 40_000);

  const fixtures = await createFixtures(pool, template, payments, `ceiling-${concurrency}`, source);
  const before = await countDeliveries(pool);
  const cpuBefore = cpuSnapshot({ app: serverPid, emulator: emulatorPid });
  const fromUs = monotonicUs();
  const result = await run(fixtures, 240_000);
  const windowUs = { fromUs, toUs: monotonicUs() };
  const cpu = cpuDelta(cpuBefore, cpuSnapshot({ app: serverPid, emulator: emulatorPid }));
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
  return runReport(
    "ceiling",
    concurrency,
    payments,
    result,
    cpu,
    { payments: warmFixtures.length, rate: warmRate },
    verification,
    windowUs,
  );
}

function runReport(
  kind: "app" | "ceiling",
  concurrency: number,
  payments: number,
  result: SendResult | CeilingResult,
  cpu: CpuUse | null,
  warm: { payments: number; rate: number },
  verification: Verification,
  windowUs: { fromUs: number; toUs: number },
): RunReport {
  const seconds = result.elapsedMs / 1000;
  const applied = result.outcomes.applied ?? 0;
  return {
    kind,
    concurrency,
    payments,
    deliveries: result.sent,
    elapsedSeconds: round(seconds, 2),
    completionsPerSecond: round(applied / seconds, 1),
    deliveriesPerSecond: round(result.sent / seconds, 1),
    latency: summarize(result.latencies),
    latencyApplied: summarize(result.appliedLatencies),
    latencyDuplicate: summarize(result.duplicateLatencies),
    overlappingDuplicates: result.overlapping,
    statuses: "statuses" in result ? result.statuses : undefined,
    outcomes: result.outcomes,
    errors: result.errors,
    cpuMsPerDelivery: cpu
      ? {
          app: round(cpu.app / result.sent, 3),
          postgres: round(cpu.postgres / result.sent, 3),
          emulator: round(cpu.emulator / result.sent, 3),
          bench: round(cpu.bench / result.sent, 3),
          other: round(cpu.other / result.sent, 3),
        }
      : null,
    foreignCores: cpu ? round(cpu.other / result.elapsedMs, 2) : null,
    cpuBusy: cpu
      ? round(
          (cpu.app + cpu.postgres + cpu.emulator + cpu.bench) /
            (result.elapsedMs * os.availableParallelism()),
          2,
        )
      : null,
    warmup: { payments: warm.payments, deliveriesPerSecond: round(warm.rate, 1) },
    verification,
    windowUs,
  };
}

function printRun(run: RunReport) {
  const l = run.latency;
  log(
    `  ${run.kind} C=${run.concurrency}: ${run.payments} payments, ${run.deliveries} deliveries in ${run.elapsedSeconds} s → ` +
      `${run.completionsPerSecond} completions/s, p50 ${l.p50Ms} / p99 ${l.p99Ms} ms; exactly-once ${run.verification.pass ? "PASS" : "FAIL"}`,
  );
  for (const check of run.verification.checks.filter((c) => !c.pass))
    log(`    FAIL ${check.name}: ${check.detail}`);
  if ((run.foreignCores ?? 0) > FOREIGN_CORES_WARNING) {
    log(`    WARNING: other processes on this machine used ${run.foreignCores} cores during this run`);
  }
}

function printSummary(report: {
  machine: Awaited<ReturnType<typeof machineInfo>>;
  scenarios: { concurrency: number; app: RunReport; ceiling: RunReport; ratio: number }[];
  perDeliveryCosts: {
    jwtVerify: { microsPerOp: number };
    refetch: {
      concurrency: number;
      latency: LatencySummary;
      callsPerSecond: number;
      clientCpuMicrosPerCall: number;
      emulatorCpuMicrosPerCall: number | null;
    }[];
  };
  targets: { ratio: number; ratioMet: boolean; p99Ms: number; p99Met: boolean } | null;
  exactlyOnce: string;
  durationSeconds: number;
}) {
  const m = report.machine;
  const rows: (string | number)[][] = [
    [
      "run",
      "payments",
      "deliveries",
      "compl/s",
      "deliv/s",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "max ms",
      "CPU busy",
      "exactly-once",
    ],
  ];
  for (const scenario of report.scenarios) {
    for (const run of [scenario.app, scenario.ceiling]) {
      rows.push([
        `${run.kind === "app" ? "app (HTTP)" : "ceiling (SQL)"} C=${run.concurrency}`,
        run.payments,
        run.deliveries,
        run.completionsPerSecond,
        run.deliveriesPerSecond,
        run.latency.p50Ms,
        run.latency.p95Ms,
        run.latency.p99Ms,
        run.latency.maxMs,
        run.cpuBusy === null ? "?" : `${Math.round(run.cpuBusy * 100)}%`,
        run.verification.pass ? "PASS" : "FAIL",
      ]);
    }
  }
  const cpuRows: (string | number)[][] = [
    ["CPU ms per delivery", "app server", "postgres", "emulator", "load gen", "not ours"],
  ];
  for (const scenario of report.scenarios) {
    for (const run of [scenario.app, scenario.ceiling]) {
      const c = run.cpuMsPerDelivery;
      if (c)
        cpuRows.push([`${run.kind} C=${run.concurrency}`, c.app, c.postgres, c.emulator, c.bench, c.other]);
    }
  }
  const disturbed = report.scenarios
    .flatMap((scenario) => [scenario.app, scenario.ceiling])
    .filter((run) => (run.foreignCores ?? 0) > FOREIGN_CORES_WARNING)
    .map((run) => `${run.kind} C=${run.concurrency} (${run.foreignCores} cores)`);
  console.log(`
Webhook ingestion — ${m.cpuModel}, ${m.nproc} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}
Each postback delivered ${COPIES}× (1 + ${DUPLICATES} duplicates); completions = payments applied.

${table(rows)}

ratio app/ceiling (completions/s): ${report.scenarios.map((s) => `C=${s.concurrency} ${(s.ratio * 100).toFixed(1)}%`).join(", ")}
${
  report.targets
    ? `target at C=${TARGET.concurrency}: ratio ${(report.targets.ratio * 100).toFixed(1)}% (≥ ${TARGET.ratio * 100}%: ${report.targets.ratioMet ? "met" : "MISSED"}), ` +
      `p99 ${report.targets.p99Ms} ms (< ${TARGET.p99Ms} ms: ${report.targets.p99Met ? "met" : "MISSED"})`
    : `target concurrency ${TARGET.concurrency} not run`
}
JWT verify (jose HS256): ${report.perDeliveryCosts.jwtVerify.microsPerOp} µs/op
${report.perDeliveryCosts.refetch
  .map(
    (r) =>
      `re-fetch merchant/info C=${r.concurrency}: p50 ${r.latency.p50Ms} ms, p99 ${r.latency.p99Ms} ms, ${r.callsPerSecond} calls/s, ` +
      `CPU ${r.clientCpuMicrosPerCall} µs client + ${r.emulatorCpuMicrosPerCall ?? "?"} µs emulator per call`,
  )
  .join("\n")}

${table(cpuRows)}

${disturbed.length ? `WARNING: other processes used CPU during ${disturbed.join(", ")}: those figures are disturbed.\n` : ""}exactly-once: ${report.exactlyOnce}    (${report.durationSeconds} s in all)
`);
}

await runBenchmark(main, WATCHDOG_MS);

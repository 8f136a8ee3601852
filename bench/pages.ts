// `npm run bench -- pages`: what the first load of /login, /pricing and /dashboard costs a browser.
// For each page, in Debian's Chromium with a cold cache: the compressed JavaScript it downloads
// (bytes on the wire, from Resource Timing's encodedBodySize; and the same scripts in Brotli,
// compressed by the bench, to compare servers that encode differently) and its Largest Contentful Paint,
// on the production build. References measured in the same run, on the same machine:
// - the framework's floor: bench/noop-app's one static page (React and Next.js, no code of ours);
// - the baseline: another commit of this project (default 885c873, before the Russian/English
//   pages), built from `git archive` with its own database.
// Targets (issue 15): ≤ 120 KB of compressed JavaScript and LCP < 1 s on each page.
// Prints a table and writes bench/results/pages.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium, type Browser, type BrowserContext } from "@playwright/test";
import { prepareBaseline, prepareNoopApp } from "./harness/baseline";
import { log, onCleanup, productionBuild, runBenchmark, scratchDirectory } from "./harness/lifecycle";
import { startAppServer, type AppServer } from "./harness/server";
import { median } from "./harness/stats";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_JS_KB = 120;
const TARGET_LCP_MS = 1000;
const DEMO_CUSTOMER = { email: "customer@example.com", password: "customer-demo" }; // lib/seed.ts

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    baseline: { type: "string", default: "885c873" },
    "no-baseline": { type: "boolean", default: false },
    build: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(`usage: npm run bench -- pages [--runs 5] [--baseline <commit> | --no-baseline] [--build | --no-build]
  --runs N        cold loads of each page; the table shows medians (default 5)
  --baseline C    the commit measured as "before" (default 885c873)`);
  process.exit(0);
}
const runs = Number(args.runs);

interface Load {
  jsBytes: number;
  jsFiles: number;
  lcpMs: number;
  scripts: string[];
}

interface PageFigures {
  variant: string;
  page: string;
  runs: Load[];
  jsKb: number;
  /** The same scripts compressed with Brotli (quality 11) by the bench: alike for every server. */
  brotliKb: number;
  jsFiles: number;
  lcpMs: number;
}

// Largest Contentful Paint, as the browser reports it, collected from the first paint on.
const LCP_OBSERVER = `
  window.__lcp = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
`;

/** One cold load: a fresh context (no cache), the given cookies, then the page's figures. */
async function coldLoad(browser: Browser, url: string, cookies: Parameters<BrowserContext["addCookies"]>[0]) {
  const context = await browser.newContext({ locale: "en-US" });
  try {
    await context.addCookies(cookies);
    await context.addInitScript(LCP_OBSERVER);
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: "load" });
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    await page.waitForLoadState("networkidle");
    // LCP is final once the page has been idle a moment (no input is simulated).
    await page.waitForTimeout(300);
    return await page.evaluate(() => {
      const scripts = performance
        .getEntriesByType("resource")
        .filter((entry) => new URL(entry.name).pathname.endsWith(".js")) as PerformanceResourceTiming[];
      return {
        jsBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
        jsFiles: scripts.length,
        scripts: scripts.map((entry) => entry.name),
        lcpMs: (window as unknown as { __lcp: number }).__lcp,
      };
    });
  } finally {
    await context.close();
  }
}

/** The session cookie of the demo customer, signed in through the server's own login form. */
async function sessionCookies(browser: Browser, server: AppServer) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(DEMO_CUSTOMER.email);
  await page.getByLabel("Password").fill(DEMO_CUSTOMER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/);
  const cookies = (await context.cookies()).filter((cookie) => cookie.name.includes("session-token"));
  await context.close();
  return cookies;
}

async function measure(browser: Browser, variant: string, server: AppServer, pages: string[]) {
  const figures: PageFigures[] = [];
  const session = pages.includes("/dashboard") ? await sessionCookies(browser, server) : [];
  for (const page of pages) {
    const cookies = page.startsWith("/dashboard") ? session : [];
    await coldLoad(browser, `${server.url}${page}`, cookies); // the server's first render: not counted
    const loads: Load[] = [];
    for (let run = 0; run < runs; run++) loads.push(await coldLoad(browser, `${server.url}${page}`, cookies));
    const row = {
      variant,
      page,
      runs: loads,
      jsKb: median(loads.map((load) => load.jsBytes)) / 1024,
      brotliKb: (await brotliBytes(loads.at(-1)!.scripts)) / 1024,
      jsFiles: median(loads.map((load) => load.jsFiles)),
      lcpMs: median(loads.map((load) => load.lcpMs)),
    };
    log(
      `${variant} ${page}: ${row.jsKb.toFixed(1)} KB of JS (${row.brotliKb.toFixed(1)} KB in Brotli) in ${row.jsFiles} files, LCP ${row.lcpMs.toFixed(0)} ms`,
    );
    figures.push(row);
  }
  return figures;
}

/**
 * What the scripts weigh in Brotli, whatever encoding their server chose: each fetched as is and
 * compressed here at quality 11 (what `npm run build`'s copies use), so the floor, the baseline and
 * the current build are compared alike.
 */
async function brotliBytes(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const body = Buffer.from(
      await (await fetch(url, { headers: { "accept-encoding": "identity" } })).arrayBuffer(),
    );
    total += zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY },
    }).length;
  }
  return total;
}

function serve(root: string, tmp: string, name: string, bare = false) {
  return startAppServer({
    root,
    // No DATABASE_URL: the launcher starts its own embedded PostgreSQL under DATA_DIR and seeds
    // the demo data (the demo customer signs in for /dashboard), as `npm start` does on a fresh clone.
    env: bare
      ? {}
      : { DATA_DIR: path.join(tmp, `${name}-data`), AUTH_SECRET: randomBytes(32).toString("base64url") },
    logFile: path.join(tmp, `${name}.log`),
    command: bare ? "next-start" : "serve",
    startTimeoutMs: 180_000,
  });
}

async function main(): Promise<number> {
  const tmp = scratchDirectory("bench-pages-");
  await productionBuild(ROOT, args);
  log("building the framework's floor (bench/noop-app)");
  await prepareNoopApp(ROOT, path.join(tmp, "noop-app"));
  const baseline = args["no-baseline"]
    ? undefined
    : (log(`building the baseline (${args.baseline})`),
      await prepareBaseline(ROOT, ROOT, args.baseline, path.join(tmp, "baseline")));

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  onCleanup(() => browser.close());

  const figures: PageFigures[] = [];
  // One server at a time, so the others' start-up does not disturb the measurements.
  const variants: [string, () => Promise<AppServer>, string[]][] = [
    ["framework floor", () => serve(path.join(tmp, "noop-app"), tmp, "noop", true), ["/"]],
    ...(baseline
      ? [
          ["baseline", () => serve(baseline.dir, tmp, "baseline"), ["/login", "/dashboard"]] as [
            string,
            () => Promise<AppServer>,
            string[],
          ],
        ]
      : []),
    ["current", () => serve(ROOT, tmp, "current"), ["/login", "/pricing", "/dashboard"]],
  ];
  for (const [variant, start, pages] of variants) {
    log(`starting ${variant}`);
    const server = await start();
    try {
      figures.push(...(await measure(browser, variant, server, pages)));
    } finally {
      await server.stop();
    }
  }

  const floor = figures.find((row) => row.variant === "framework floor")!;
  console.log(
    `\n| variant | page | JS as served (KB) | JS in Brotli (KB) | files | × floor (Brotli) | LCP (ms) |`,
  );
  console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
  for (const row of figures)
    console.log(
      `| ${row.variant} | ${row.page} | ${row.jsKb.toFixed(1)} | ${row.brotliKb.toFixed(1)} | ${row.jsFiles} | ${(row.brotliKb / floor.brotliKb).toFixed(2)} | ${row.lcpMs.toFixed(0)} |`,
    );
  const current = figures.filter((row) => row.variant === "current");
  const missed = current.filter((row) => row.jsKb > TARGET_JS_KB || row.lcpMs >= TARGET_LCP_MS);
  console.log(
    missed.length === 0
      ? `\nevery page meets the targets (≤ ${TARGET_JS_KB} KB of JS, LCP < ${TARGET_LCP_MS} ms)`
      : `\nmissed targets: ${missed.map((row) => row.page).join(", ")}`,
  );
  const file = path.join(ROOT, "bench", "results", "pages.json");
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), runs, baseline: baseline?.commit ?? null, figures }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(ROOT, file)}`);
  return missed.length === 0 ? 0 : 1;
}

await runBenchmark(main, 40 * 60_000);

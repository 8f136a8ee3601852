// `npm run bench`: every benchmark in turn, or one of them with its own options.
//   npm run bench                        webhook ingestion, the admin payments table, the operations API
//   npm run bench -- webhook [options]   webhook ingestion only (bench/webhook-ingestion.ts)
//   npm run bench -- admin [options]     admin payments table only (bench/admin-payments.ts)
//   npm run bench -- operations [opts]   POST /api/v1/operations only (bench/operations.ts)
//   npm run bench -- pages [options]     first-load JavaScript and LCP of pages in Chromium (bench/pages.ts)
//   npm run bench -- --concurrency 16    options without a name: webhook ingestion, as before
// Each benchmark runs in its own process; the exit code is the worst of theirs.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCHMARKS = {
  webhook: "bench/webhook-ingestion.ts",
  admin: "bench/admin-payments.ts",
  operations: "bench/operations.ts",
  pages: "bench/pages.ts",
} as const;
type Name = keyof typeof BENCHMARKS;

const [first, ...rest] = process.argv.slice(2);
let plan: { name: Name; args: string[] }[];
if (first === undefined) {
  plan = [
    { name: "webhook", args: [] },
    { name: "admin", args: [] },
    { name: "operations", args: [] },
    { name: "pages", args: [] },
  ];
} else if (first in BENCHMARKS) {
  plan = [{ name: first as Name, args: rest }];
} else if (first === "--help" || first === "-h" || first === "help") {
  console.log(`usage: npm run bench [-- <webhook|admin|operations|pages> [options]]
  (no name)            run every benchmark: webhook, admin, operations, then pages
  webhook [options]    webhook ingestion; npm run bench -- webhook --help
  admin [options]      admin payments table; npm run bench -- admin --help
  operations [options] POST /api/v1/operations; npm run bench -- operations --help
  pages [options]      first-load JS and LCP of /login, /pricing, /dashboard; npm run bench -- pages --help
Options without a name go to the webhook benchmark (as before there were two).`);
  process.exit(0);
} else if (first.startsWith("-")) {
  plan = [{ name: "webhook", args: [first, ...rest] }];
} else {
  console.error(`unknown benchmark "${first}": one of ${Object.keys(BENCHMARKS).join(", ")}`);
  process.exit(2);
}

let worst = 0;
for (const { name, args } of plan) {
  if (plan.length > 1) console.log(`\n=== npm run bench -- ${name} ===\n`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "tsx"), [BENCHMARKS[name], ...args], {
      cwd: ROOT,
      stdio: "inherit",
    });
    // Ctrl-C reaches the child through the terminal's process group; just wait for it.
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    child.once("exit", (status, signal) => resolve(status ?? (signal ? 130 : 1)));
  });
  worst = Math.max(worst, code);
}
process.exit(worst);

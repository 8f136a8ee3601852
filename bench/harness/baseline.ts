import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureProductionBuild, type BuildReport } from "./server";
import type { Template } from "./fixtures";

// The references the webhook benchmark measures in the same run:
// - the baseline: another commit of this project (by default the one before the acknowledge-first
//   pipeline), exported with `git archive` into the run's scratch directory (no worktree, nothing
//   written to this checkout's .git), given this checkout's node_modules as hard links (Turbopack
//   refuses a symlinked node_modules), its own `prisma generate` (lib/generated must match its
//   schema) and its own `next build`. Its server migrates its own database with its own migrations.
// - the do-nothing app: bench/noop-app, a Next.js app whose only route reads the body and answers
//   200, built the same way in the scratch directory.
// Both go away with the scratch directory at the end of the run.

function run(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(
            `${path.basename(command)} ${args.join(" ")} exited with ${code}:\n${output.slice(-3000)}`,
          ),
        );
    });
  });
}

/** Hard links of this checkout's node_modules (instant, same file system as the scratch directory). */
function linkNodeModules(root: string, dir: string): void {
  execFileSync("cp", ["-al", path.join(root, "node_modules"), path.join(dir, "node_modules")]);
}

export interface Baseline {
  commit: string;
  subject: string;
  dir: string;
  build: BuildReport;
}

/**
 * Exports `commit` of the repository `repo` into `dir`, with `root`'s node_modules, generates its
 * Prisma client and builds it. With `reuse`, a `dir` already prepared for the same commit is used
 * as it is.
 */
export async function prepareBaseline(
  root: string,
  repo: string,
  commit: string,
  dir: string,
  reuse = false,
): Promise<Baseline> {
  const git = (...args: string[]) => execFileSync("git", ["-C", repo, ...args], { encoding: "utf8" }).trim();
  const sha = git("rev-parse", "--verify", `${commit}^{commit}`);
  const subject = git("log", "-1", "--format=%s", sha);
  const stamp = path.join(dir, ".bench-baseline-commit");
  if (
    reuse &&
    fs.existsSync(path.join(dir, ".next", "BUILD_ID")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === sha
  ) {
    return {
      commit: sha,
      subject,
      dir,
      build: { built: false, reason: "prepared before (--baseline-dir)", seconds: 0 },
    };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync("git", ["-C", repo, "archive", "--format=tar", sha], {
    maxBuffer: 512 * 2 ** 20,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  linkNodeModules(root, dir);
  await run(path.join(dir, "node_modules", ".bin", "prisma"), ["generate"], dir);
  const build = await ensureProductionBuild(dir, "always");
  fs.writeFileSync(stamp, sha);
  return { commit: sha, subject, dir, build };
}

/**
 * The baseline's template customer, made by the baseline's own code in its own database
 * (bench/harness/fixtures.ts `createTemplate` of that commit: createUser + a real checkout against
 * the emulator), so the copies the benchmark makes from it are what that code would have written.
 */
export async function createBaselineTemplate(dir: string, env: Record<string, string>): Promise<Template> {
  const script = path.join(dir, "bench-template.ts");
  fs.writeFileSync(
    script,
    `import { createTemplate } from "./bench/harness/fixtures";
import { disconnectDb } from "./lib/db";
const template = await createTemplate();
console.log("TEMPLATE " + JSON.stringify(template));
await disconnectDb();
process.exit(0);
`,
  );
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(path.join(dir, "node_modules", ".bin", "tsx"), [script], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0
        ? resolve(text)
        : reject(new Error(`baseline template script exited with ${code}:\n${text}`)),
    );
  });
  const line = output.split("\n").find((entry) => entry.startsWith("TEMPLATE "));
  if (!line) throw new Error(`the baseline template script printed no template:\n${output}`);
  return JSON.parse(line.slice("TEMPLATE ".length)) as Template;
}

/** Copies bench/noop-app into `dir` and builds it. */
export async function prepareNoopApp(root: string, dir: string): Promise<BuildReport> {
  fs.cpSync(path.join(root, "bench", "noop-app"), dir, { recursive: true });
  linkNodeModules(root, dir);
  return ensureProductionBuild(dir, "always");
}

// What every benchmark does around its measurements: timestamped progress lines, a production
// build, a scratch directory, clean-up in reverse order however the run ends, and a watchdog so a
// hung run stops instead of holding the machine.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureProductionBuild } from "./server";

export const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

const cleanups: (() => Promise<void>)[] = [];

/** Registers clean-up work; it runs last-registered first when the benchmark ends. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(async () => fn());
}

async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    await fn?.().catch((error: unknown) => console.error("cleanup:", error));
  }
}

/** `--build` forces a build, `--no-build` forbids one, else it builds when the sources changed. */
export async function productionBuild(appDir: string, flags: { build?: boolean; "no-build"?: boolean }) {
  const build = await ensureProductionBuild(
    appDir,
    flags.build ? "always" : flags["no-build"] ? "never" : "auto",
  );
  log(
    build.built
      ? `built in ${build.seconds.toFixed(0)} s (${build.reason})`
      : `using the existing build (${build.reason})`,
  );
  return build;
}

/** A scratch directory removed at the end; BENCH_KEEP_TMP=1 keeps it (server log, profiles). */
export function scratchDirectory(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // As root, PostgreSQL runs as the `postgres` OS user, which must be able to reach its directory.
  fs.chmodSync(dir, 0o755);
  const remove = () => {
    if (process.env.BENCH_KEEP_TMP) return;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  onCleanup(remove);
  process.on("exit", remove);
  return dir;
}

/** Runs `main`, cleans up, and exits with its code (2 if it threw, 3 if the watchdog fired). */
export async function runBenchmark(main: () => Promise<number>, watchdogMs: number): Promise<never> {
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${watchdogMs / 60_000} min; stopping`);
    void cleanup().finally(() => process.exit(3));
  }, watchdogMs);
  watchdog.unref();

  let code = 1;
  try {
    code = await main();
  } catch (error) {
    console.error("bench failed:", error);
    code = 2;
  } finally {
    await cleanup();
  }
  clearTimeout(watchdog);
  process.exit(code);
}

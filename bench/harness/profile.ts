import fs from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { round } from "./stats";

// `--profile`: the app server runs with V8's CPU profiler (NODE_OPTIONS=--cpu-prof) and this file
// says where its time went during the measured window: self time per component (Next.js, Prisma
// client, node-postgres, fetch, jose, zod, app code, GC…), resolved through the build's source
// maps because Turbopack bundles most dependencies into its own chunks.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  windowMs: number;
  sampledMs: number;
  /** Share of the non-idle samples in the window, by component. */
  components: { component: string; ms: number; share: number }[];
  topFunctions: { function: string; source: string; ms: number; share: number }[];
}

/** Which component a package belongs to. */
const PACKAGES: [string, RegExp][] = [
  [
    "Prisma client (query interpreter, runtime)",
    /^@prisma\/(client|client-runtime-utils|debug|client-engine-runtime)$/,
  ],
  ["Prisma pg adapter", /^@prisma\/(adapter-pg|driver-adapter-utils)$/],
  [
    "node-postgres",
    /^(pg|pg-pool|pg-protocol|pg-types|postgres-array|postgres-date|postgres-bytea|postgres-interval|pg-connection-string|pg-int8)$/,
  ],
  ["jose (JWT)", /^jose$/],
  ["zod", /^zod$/],
  ["pg-boss (job workers)", /^pg-boss$/],
  ["React", /^(react|react-dom|react-server-dom-.*|scheduler)$/],
  ["Next.js server", /^(next|@next\/.*)$/],
];

function packageOf(file: string): string | null {
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.replaceAll("%40", "@"));
  return match?.[1] ?? null;
}

export function writeProfilerHook(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const hook = path.join(dir, "profiler-hook.mjs");
  fs.writeFileSync(
    hook,
    `import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.start");
process.on("exit", () => {
  session.post("Profiler.stop", (error, result) => {
    if (!error) writeFileSync(${JSON.stringify(dir)} + "/" + process.pid + ".cpuprofile", JSON.stringify(result.profile));
  });
});
`,
  );
  return hook;
}

export function newestProfile(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => path.join(dir, name));
  // The Next server is the process that did the work: the biggest profile.
  files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  return files[0] ?? null;
}

/** Summarizes `file`, counting only samples inside [fromUs, toUs] (monotonic clock, µs) when given. */
export function summarizeProfile(file: string, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let time = profile.startTime;
  let inWindow = 0;
  const all = new Map<number, number>();
  for (let index = 0; index < profile.samples.length; index++) {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    const id = profile.samples[index] ?? -1;
    // A sample's time is the gap to the next one.
    const duration = profile.timeDeltas[index + 1] ?? 0;
    all.set(id, (all.get(id) ?? 0) + duration);
    if (!window || (time >= window.fromUs && time <= window.toUs)) {
      selfUs.set(id, (selfUs.get(id) ?? 0) + duration);
      inWindow++;
    }
  }
  const counts = inWindow > 100 ? selfUs : all; // clocks disagree: fall back to the whole profile

  const maps = new Map<string, SourceMap | null>();
  /** The frame's original source file (through the source map when there is one). */
  const original = (frame: ProfileNode["callFrame"]): { file: string; source: string } => {
    const filePath = fileURLToPath(frame.url);
    if (!maps.has(filePath)) {
      let map: SourceMap | null = null;
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${filePath}.map`, "utf8")) as SourceMapPayload);
      } catch {
        map = null;
      }
      maps.set(filePath, map);
    }
    const entry = maps.get(filePath)?.findEntry(frame.lineNumber, frame.columnNumber);
    let source = (entry && "originalSource" in entry ? entry.originalSource : undefined) ?? filePath;
    if (source.startsWith("webpack://next/"))
      source = `node_modules/next/${source.slice("webpack://next/".length)}`;
    else if (source.startsWith("turbopack:///[project]/"))
      source = source.slice("turbopack:///[project]/".length);
    else if (!/^[a-z]+:/.test(source) && !path.isAbsolute(source))
      source = path.resolve(path.dirname(filePath), source);
    return { file: filePath, source };
  };
  const classify = (frame: ProfileNode["callFrame"]): { component: string; source: string } => {
    const { functionName: name, url } = frame;
    if (name === "(garbage collector)") return { component: "garbage collection", source: "" };
    if (!url) return { component: "V8/native (no JS frame: I/O syscalls, (program))", source: "" };
    if (url.startsWith("node:internal/deps/undici"))
      return { component: "fetch (undici, in Node)", source: url };
    if (url.startsWith("node:"))
      return { component: "Node.js internals (http, streams, async hooks…)", source: url };
    if (!url.startsWith("file://")) return { component: "other", source: url };
    const { file, source } = original(frame);
    // Code loaded from node_modules belongs to that package; bundled code to what it was bundled from.
    const pkg = file.includes("/.next/") ? packageOf(source) : (packageOf(file) ?? packageOf(source));
    if (pkg) {
      const component = PACKAGES.find(([, pattern]) => pattern.test(pkg))?.[0] ?? `other packages (${pkg})`;
      return { component, source: `node_modules/${pkg}/${source.split(`${pkg}/`).pop() ?? ""}` };
    }
    if (source.includes("client-engine-runtime")) return { component: PACKAGES[0]?.[0] ?? "Prisma", source };
    const project = /\/((lib|app|instrumentation|proxy)[/.].*)$/.exec(source);
    if (project) return { component: "app code (lib/, app/)", source: project[1] ?? source };
    return { component: "other", source };
  };

  const components = new Map<string, number>();
  const functions = new Map<string, { source: string; us: number }>();
  let busyUs = 0;
  for (const [id, us] of counts) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === "(idle)") continue;
    busyUs += us;
    const { component, source } = classify(node.callFrame);
    components.set(component, (components.get(component) ?? 0) + us);
    const key = `${name || "(anonymous)"}\u0000${source}`;
    const entry = functions.get(key) ?? { source, us: 0 };
    entry.us += us;
    functions.set(key, entry);
  }
  const share = (us: number) => round(us / Math.max(busyUs, 1), 3);
  return {
    file: path.basename(file),
    windowMs: window ? round((window.toUs - window.fromUs) / 1000, 0) : 0,
    sampledMs: round(busyUs / 1000, 0),
    components: [...components.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([component, us]) => ({ component, ms: round(us / 1000, 0), share: share(us) })),
    topFunctions: [...functions.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 25)
      .map(([key, entry]) => ({
        function: key.split("\u0000")[0] ?? key,
        source: shortSource(entry.source),
        ms: round(entry.us / 1000, 0),
        share: share(entry.us),
      })),
  };
}

function shortSource(source: string): string {
  return source.replace(/^.*node_modules\//, "").replace(/:\d+$/, "");
}

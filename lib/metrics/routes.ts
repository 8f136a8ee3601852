import fs from "node:fs";
import path from "node:path";

// The `route` label of HTTP metrics: the app's own route pattern a path matched
// ("/admin/payments/[id]", "/api/auth/[...nextauth]"), never the path itself, so ids, order ids
// and tokens in URLs become their pattern and the number of series stays bounded. The patterns
// are read from app/ when the server starts (so they never drift from the routes), the build's
// assets are one label each (/_next/static/[...], /_next/[...]), files in public/ are their own
// name, and anything else (scanners probing /wp-login.php) is "other".

export interface RouteTable {
  /** Each route pattern, as its segments ("[id]", "[...slug]", "[[...slug]]" for dynamic ones). */
  patterns: string[][];
  /** Exact paths: public/ files and app/'s metadata files (favicon.ico, icon.svg …). */
  files: Set<string>;
}

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;
/** app/ metadata files and the path Next serves each at. */
const METADATA_FILE = /^(favicon\.ico|(apple-icon|icon|opengraph-image|twitter-image)\d*\.\w+)$/;
const GENERATED_METADATA: Record<string, string> = {
  robots: "robots.txt",
  sitemap: "sitemap.xml",
  manifest: "manifest.webmanifest",
};

/** Reads the route patterns of `appDir` and the files of `publicDir`. */
export function loadRouteTable(appDir: string, publicDir?: string): RouteTable {
  const table: RouteTable = { patterns: [], files: new Set() };
  walkApp(appDir, [], table);
  if (publicDir) walkPublic(publicDir, "", table.files);
  // Most specific first: a static segment wins over a dynamic one, which wins over a catch-all.
  table.patterns.sort((a, b) => compareSpecificity(a, b));
  return table;
}

function walkApp(dir: string, segments: string[], table: RouteTable): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  let isRoute = false;
  for (const entry of entries) {
    if (entry.isFile()) {
      if (ROUTE_FILE.test(entry.name)) isRoute = true;
      else if (METADATA_FILE.test(entry.name)) table.files.add(`/${[...segments, entry.name].join("/")}`);
      else {
        const generated = GENERATED_METADATA[entry.name.replace(/\.(ts|js)$/, "")];
        if (generated && /\.(ts|js)$/.test(entry.name))
          table.files.add(`/${[...segments, generated].join("/")}`);
      }
      continue;
    }
    if (!entry.isDirectory()) continue;
    const name = entry.name;
    // Private folders, and intercepted routes (served under another route's path), add no path.
    if (name.startsWith("_") || /^\(\.+\)/.test(name)) continue;
    // Route groups and parallel-route slots are not part of the URL.
    const urlSegment = /^\(.*\)$/.test(name) || name.startsWith("@") ? null : name;
    walkApp(path.join(dir, name), urlSegment ? [...segments, urlSegment] : segments, table);
  }
  if (isRoute) table.patterns.push(segments);
}

function walkPublic(dir: string, prefix: string, files: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const url = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) walkPublic(path.join(dir, entry.name), url, files);
    else if (entry.isFile()) files.add(url);
  }
}

function segmentRank(segment: string): number {
  if (segment.startsWith("[[...")) return 3;
  if (segment.startsWith("[...")) return 2;
  if (segment.startsWith("[")) return 1;
  return 0;
}

function compareSpecificity(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === undefined) return -1;
    if (b[i] === undefined) return 1;
    const difference = segmentRank(a[i]!) - segmentRank(b[i]!);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The label for a request's path (its query, if any, is ignored). */
export function routeLabel(url: string, table: RouteTable): string {
  const pathname = url.split(/[?#]/, 1)[0] ?? "";
  if (pathname.startsWith("/_next/static/")) return "/_next/static/[...]";
  if (pathname.startsWith("/_next/")) return "/_next/[...]";
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (table.files.has(trimmed)) return trimmed;
  const segments = trimmed.split("/").filter(Boolean);
  for (const pattern of table.patterns) {
    if (matches(pattern, segments)) return `/${pattern.join("/")}`;
  }
  return "other";
}

function matches(pattern: string[], segments: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    const rank = segmentRank(part);
    if (rank === 3) return true;
    if (rank === 2) return segments.length > i;
    if (segments[i] === undefined) return false;
    if (rank === 0 && part !== segments[i]) return false;
  }
  return pattern.length === segments.length;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** The `method` label: the standard methods, anything else as "other". */
export function methodLabel(method: string | undefined): string {
  return method && METHODS.has(method) ? method : "other";
}

/** The `status` label: the status class ("2xx" … "5xx"). */
export function statusLabel(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

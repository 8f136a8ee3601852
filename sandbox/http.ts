// Small node:http helpers shared by every emulator's surfaces (API, hosted pages, control).
// Plain node:http rather than a framework: the emulators must add no dependencies to the app.
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBodyBuffer(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body over 1 MiB");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBuffer(req)).toString("utf8");
}

export type Parsed = { ok: true; value: unknown } | { ok: false };

/** JSON text → value; an empty body counts as `{}` so bodiless control calls work with curl. */
export function parseJson(text: string): Parsed {
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Header map with lower-case names and repeated headers joined, as tests want to assert on it. */
export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: { pretty?: boolean; headers?: Record<string, string> } = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  const text = options.pretty ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...options.headers,
  });
  res.end(text);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
  });
  res.end(html);
}

/** 303 See Other: after a form POST the browser must GET the target, never re-POST. */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, "content-length": 0 });
  res.end();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** decodeURIComponent that leaves a malformed escape as it is instead of throwing. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * A whole HTML page: inline CSS, no script, no external asset, so it renders the same offline,
 * in any browser and under Playwright. `brand` and `body` are HTML; `title` is text.
 */
export function htmlPage(page: {
  title: string;
  site: string;
  css: string;
  brand: string;
  body: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · ${escapeHtml(page.site)}</title>
<style>
${page.css}
</style>
</head>
<body>
<main>
<p class="brand">${page.brand}</p>
<h1>${escapeHtml(page.title)}</h1>
${page.body}
</main>
</body>
</html>
`;
}

/** The footer of every emulated payment page. */
export const PAYMENT_PAGE_FOOTER =
  "<footer>Emulated payment page for development and tests. No real money moves.</footer>";

import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fetchWithin, ROOT } from "./harness";

// Talking to the app as a browser without JavaScript would: a cookie jar, next-auth's credentials
// sign-in (CSRF token, then the callback), a page's form posted with the hidden fields React
// renders for progressive enhancement, and a server action called as the client runtime calls it
// (`Next-Action` header, arguments encoded as React's encodeReply does for `(null, FormData)`).

export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(
    pathname: string,
    init: RequestInit & { timeoutMs?: number } = {},
  ): Promise<{ response: Response; text: string; ms: number }> {
    const started = Date.now();
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetchWithin(
      new URL(pathname, this.baseUrl),
      { ...init, headers, redirect: "manual" },
      init.timeoutMs ?? 60_000,
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    const text = await response.text();
    return { response, text, ms: Date.now() - started };
  }

  /** next-auth credentials sign-in; throws unless a session cookie was set. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request("/api/auth/csrf");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const { response, text } = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/dashboard", json: "true" }),
    });
    if (![...this.cookies.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
      throw new Error(`sign-in failed: HTTP ${response.status} ${text.slice(0, 300)}`);
    }
  }

  /**
   * Submits the form of `page` that contains every one of `match` (name → value), as a browser
   * without JavaScript does: its hidden fields (React's `$ACTION_…` ones included), with `set`
   * overriding or adding fields. Returns the answer, redirects not followed.
   */
  async submitForm(page: string, match: Record<string, string>, set: Record<string, string> = {}) {
    const { text: html } = await this.request(page);
    const form = findForm(html, match);
    if (!form) throw new Error(`no form on ${page} with ${JSON.stringify(match)}`);
    const body = new FormData();
    for (const [name, value] of Object.entries({ ...form, ...set })) body.append(name, value);
    return this.request(page, { method: "POST", body });
  }

  /** Calls a server action as the client runtime does with `action(null, formData)`. */
  async callAction(page: string, actionId: string, fields: Record<string, string>, timeoutMs?: number) {
    // The FormData argument's entries (prefix `_1_`, its part id), then the root model last, as
    // React's encodeReply orders them: the server resolves the root as soon as it reads it.
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
    body.append("0", JSON.stringify([null, "$K1"]));
    return this.request(page, {
      method: "POST",
      headers: { "next-action": actionId, accept: "text/x-component" },
      body,
      timeoutMs,
    });
  }
}

/** The hidden inputs of the first form whose inputs include every `match` pair. */
function findForm(html: string, match: Record<string, string>): Record<string, string> | null {
  for (const [, inner] of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields: Record<string, string> = {};
    for (const [input] of inner!.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(input)?.[1];
      const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? "";
      if (name && /type="hidden"/.test(input)) fields[decode(name)] = decode(value);
    }
    if (Object.entries(match).every(([name, value]) => fields[name] === value)) return fields;
  }
  return null;
}

function decode(text: string): string {
  return text
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

/** The id of a server action in the production build, by the module that exports it and its name. */
export function serverActionId(file: string, exportedName: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename?: string; exportedName?: string }> };
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (entry.exportedName === exportedName && entry.filename?.endsWith(file)) return id;
  }
  throw new Error(`no server action ${exportedName} of ${file} in the build's manifest`);
}

/** A provider that accepts connections and never answers: what a hung API looks like. */
export async function startHangingServer(): Promise<{
  url: string;
  connections: () => number;
  close(): Promise<void>;
}> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => sockets.delete(socket));
    socket.resume(); // read the request, say nothing
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

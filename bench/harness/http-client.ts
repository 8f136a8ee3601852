import http from "node:http";
import { nowMs } from "./stats";

// Plain node:http against the production server: one keep-alive connection, one request at a
// time, timed from the request being written to the last byte of the body. Used by the admin
// payments benchmark for the signed-in page and the CSV export.

export interface TimedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, unless the caller asked to stream it through `onChunk` instead. */
  body: Buffer;
  bytes: number;
  /** Request start to the first byte of the body, ms. */
  firstByteMs: number;
  /** Request start to the last byte of the body, ms. */
  totalMs: number;
}

export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  /** The cookies collected so far, as a Cookie header. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  request(
    method: "GET" | "POST",
    pathAndQuery: string,
    options: {
      body?: string;
      contentType?: string;
      onChunk?: (chunk: Buffer) => void;
      timeoutMs?: number;
    } = {},
  ): Promise<TimedResponse> {
    const url = new URL(pathAndQuery, this.baseUrl);
    const headers: http.OutgoingHttpHeaders = { cookie: this.cookieHeader() };
    if (options.body !== undefined) {
      headers["content-type"] = options.contentType ?? "application/x-www-form-urlencoded";
      headers["content-length"] = Buffer.byteLength(options.body);
    }
    return new Promise<TimedResponse>((resolve, reject) => {
      const started = nowMs();
      const request = http.request(url, { method, agent: this.agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        let firstByteMs = -1;
        response.on("data", (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = nowMs() - started;
          bytes += chunk.length;
          if (options.onChunk) options.onChunk(chunk);
          else chunks.push(chunk);
        });
        response.once("error", reject);
        response.once("end", () => {
          const totalMs = nowMs() - started;
          for (const line of response.headers["set-cookie"] ?? []) {
            const [pair = ""] = line.split(";");
            const equals = pair.indexOf("=");
            if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            bytes,
            firstByteMs: firstByteMs < 0 ? totalMs : firstByteMs,
            totalMs,
          });
        });
      });
      request.setTimeout(options.timeoutMs ?? 120_000, () =>
        request.destroy(new Error(`${method} ${pathAndQuery}: no answer within the time limit`)),
      );
      request.once("error", reject);
      request.end(options.body);
    });
  }

  /**
   * Signs in through next-auth's credentials provider, as the login form does: the CSRF token
   * (and its cookie) from /api/auth/csrf, then the callback with `json=true`. Keeps the session
   * cookie for the following requests.
   */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.request("GET", "/api/auth/csrf");
    const { csrfToken } = JSON.parse(csrf.body.toString("utf8")) as { csrfToken?: string };
    if (csrf.status !== 200 || !csrfToken) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
    const body = new URLSearchParams({ csrfToken, email, password, json: "true" }).toString();
    const callback = await this.request("POST", "/api/auth/callback/credentials", { body });
    const session = [...this.cookies.keys()].find((name) => name.endsWith("next-auth.session-token"));
    if (!session) {
      throw new Error(
        `sign-in as ${email} failed: ${callback.status} ${callback.body.toString("utf8").slice(0, 200)}`,
      );
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

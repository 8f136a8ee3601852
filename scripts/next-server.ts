// The HTTP server Next runs in, started by scripts/serve.ts (never directly) with the environment
// it prepared: `tsx scripts/next-server.ts <dev|start>`. It replaces the `next dev` / `next start`
// CLI for one reason: a route handler gets no socket, and Next's X-Forwarded-For is the client's
// own when the client sent one, so only this server can tell the app who the client is. Before Next
// sees a request it sets the client address header and, when the peer is not a trusted proxy,
// X-Forwarded-For (lib/http/trusted-proxies.ts). Everything else is Next's documented custom
// server API: next({ dev, dir, hostname, port }), prepare(), getRequestHandler(). It also runs the
// job workers, on a thread of their own (lib/jobs/start-worker-thread.ts), unless RUN_WORKERS=false.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { parseEnv } from "../lib/env";
import { trustClientAddressHeader } from "../lib/http/client-address";
import { servePrecompressedStatic } from "../lib/http/precompressed-static";
import { startWorkerThread, type WorkerThread } from "../lib/jobs/start-worker-thread";
import { parseTrustedProxies, withClientAddress } from "../lib/http/trusted-proxies";
import { logRequest, pathOf } from "../lib/http/request-log";
import { logger } from "../lib/log";
import { observeHttpRequest } from "../lib/metrics/http";
import { loadRouteTable } from "../lib/metrics/routes";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const serverLog = logger("server");
const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/next-server.ts <dev|start> (scripts/serve.ts runs it)");
  process.exit(1);
}
const dev = mode === "dev";
// What the `next` CLI sets before it starts a server.
process.env.NEXT_RUNTIME = "nodejs";
// Process tools (bench/harness/rss.ts) look for the Next server by this name, as under `next start`.
process.title = `next-server (${mode}, scripts/next-server.ts)`;

const config = parseEnv();
const trustedProxies = parseTrustedProxies(config.TRUSTED_PROXIES);
trustClientAddressHeader();

const server = http.createServer();
// httpServer: where Next attaches its WebSocket upgrade handler (hot reload in development).
const app = next({ dev, dir: ROOT, hostname: "localhost", port: config.PORT, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();

let workers: WorkerThread | undefined;
if (config.RUN_WORKERS === "true" && config.DATABASE_URL) {
  workers = await startWorkerThread(config.DATABASE_URL, (error) => {
    serverLog.fatal({ err: error }, "the job workers stopped; exiting so that the app is restarted whole");
    process.exit(1);
  });
}

// The build's Brotli copies of its scripts and stylesheets (written by `npm run build`).
const STATIC_DIR = path.join(ROOT, ".next", "static");
// The route patterns HTTP metrics are labelled with (lib/metrics/routes.ts), read once.
const ROUTES = loadRouteTable(path.join(ROOT, "app"), path.join(ROOT, "public"));

server.on("request", (request, response) => {
  // While stopping, a keep-alive client is told to reconnect (to another instance).
  if (stopping) response.setHeader("Connection", "close");
  withClientAddress(request, trustedProxies);
  const requestId = logRequest(request, response);
  observeHttpRequest(request, response, ROUTES);
  const answer = async () => {
    if (!dev && (await servePrecompressedStatic(request, response, STATIC_DIR))) return;
    await handle(request, response);
  };
  answer().catch((error: unknown) => {
    serverLog.error({ err: error, requestId, path: pathOf(request.url) }, "failed to handle a request");
    if (response.headersSent) response.destroy();
    else response.writeHead(500).end("Internal Server Error");
  });
});
server.on("error", (error) => {
  serverLog.fatal({ err: error }, "failed to start the server");
  process.exit(1);
});
// All interfaces, as `next start` without --hostname.
server.listen(config.PORT, () => {
  serverLog.info(
    { mode, port: config.PORT },
    `${dev ? "development" : "production"} server ready on http://localhost:${config.PORT}`,
  );
});

// On SIGINT/SIGTERM: stop taking connections, let the requests in flight (webhook deliveries
// among them) and the jobs in hand finish within SHUTDOWN_TIMEOUT, close Next, exit. Exit codes as
// the `next` CLI: `next start` exits 130/143 and `next dev` 0; scripts/serve.ts passes them on.
let stopping = false;
/** When a stop must be over: SHUTDOWN_TIMEOUT after the signal. */
let shutdownDeadline = Number.POSITIVE_INFINITY;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  });
}

async function stop(signal: "SIGINT" | "SIGTERM") {
  const code = dev ? 0 : signal === "SIGINT" ? 130 : 143;
  shutdownDeadline = Date.now() + config.SHUTDOWN_TIMEOUT * 1000;
  if (dev) {
    // An open browser tab holds a hot-reload WebSocket that server.close() would wait for; `next
    // dev` kills its server 100 ms after the signal. Close what is open, and give Next 2 s.
    server.close();
    server.closeAllConnections();
    setTimeout(() => process.exit(code), 2000).unref();
  }
  // Requests and jobs drain side by side, so the whole stop stays within SHUTDOWN_TIMEOUT. A
  // delivery recorded meanwhile is applied by another instance's workers, or after the restart.
  await Promise.all([dev ? undefined : drainRequests(), workers?.stop(shutdownDeadline - Date.now())]);
  await app.close().catch((error: unknown) => serverLog.error({ err: error }, "closing Next failed"));
  process.exit(code);
}

/**
 * Stops accepting connections and waits for the requests in flight until the deadline; then
 * cuts what is still open (a provider retries a delivery it got no answer to). Idle keep-alive
 * connections are closed at once, and a response finished while stopping says `Connection: close`.
 */
async function drainRequests() {
  const timeoutMs = shutdownDeadline - Date.now();
  const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
  server.closeIdleConnections();
  const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  if (!(await Promise.race([closed, timer]))) {
    serverLog.warn({ timeoutMs }, "shutdown: requests still open at SHUTDOWN_TIMEOUT; closing them");
    server.closeAllConnections();
  }
}

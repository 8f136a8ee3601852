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

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
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
    console.error("The job workers stopped; exiting so that the app is restarted whole:", error);
    process.exit(1);
  });
}

// The build's Brotli copies of its scripts and stylesheets (written by `npm run build`).
const STATIC_DIR = path.join(ROOT, ".next", "static");

server.on("request", (request, response) => {
  withClientAddress(request, trustedProxies);
  const answer = async () => {
    if (!dev && (await servePrecompressedStatic(request, response, STATIC_DIR))) return;
    await handle(request, response);
  };
  answer().catch((error: unknown) => {
    console.error(`Failed to handle request for ${request.url}`, error);
    if (response.headersSent) response.destroy();
    else response.writeHead(500).end("Internal Server Error");
  });
});
server.on("error", (error) => {
  console.error("Failed to start server", error);
  process.exit(1);
});
// All interfaces, as `next start` without --hostname.
server.listen(config.PORT, () => {
  console.log(`> ${dev ? "development" : "production"} server ready on http://localhost:${config.PORT}`);
});

// As the `next` CLI: stop accepting connections, close Next, exit; `next start` exits 130/143 on
// SIGINT/SIGTERM and `next dev` 0, and scripts/serve.ts passes the code on.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stop(signal);
  });
}

async function stop(signal: "SIGINT" | "SIGTERM") {
  const code = dev ? 0 : signal === "SIGINT" ? 130 : 143;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  if (dev) {
    // An open browser tab holds a hot-reload WebSocket that server.close() would wait for; `next
    // dev` kills its server 100 ms after the signal. Close what is open, and give Next 2 s.
    server.closeAllConnections();
    setTimeout(() => process.exit(code), 2000).unref();
  } else {
    // Production, as `next start`: requests in flight finish first.
    await closed;
  }
  // Jobs in hand are finished (bounded by pg-boss's stop timeout) before the process exits.
  await workers?.stop();
  await app.close().catch((error: unknown) => console.error(error));
  process.exit(code);
}

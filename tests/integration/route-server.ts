import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";

// An HTTP server on 127.0.0.1 in front of one of the app's route handlers, for a test file: the
// Node request turned into the Fetch API request a route handler gets.

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves every request with `handle` on a free port of 127.0.0.1 (an error answers 500); `url` is
 * the server's address with `path`.
 */
export async function startRouteServer(
  path: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): Promise<RouteServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("test webhook server", error);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `req` (its body read in full) as the Fetch API request a route handler takes. */
export async function toRequest(req: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method,
    headers: toHeaders(req.headers),
    body: Buffer.concat(chunks),
  });
}

export function toHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  }
  return result;
}

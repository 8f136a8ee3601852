// Starting and stopping an emulator's HTTP server: always on 127.0.0.1, on a free port unless
// one is given, with errors answered in the provider's own envelope and a close() that does not
// wait for keep-alive sockets.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { BodyTooLargeError, sendJson } from "./http";

export interface EmulatorServer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Idempotent: every call waits for the same shutdown. */
  close(): Promise<void>;
}

export interface EmulatorServerOptions {
  /** Names the emulator in error logs. */
  name: string;
  /** Default 0: a free port. */
  port?: number;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The provider's error reply: 413 for a body over 1 MiB, 500 for a bug of the emulator's own. */
  errorReply(status: 413 | 500, error: unknown): unknown;
  /** Runs first on close(), e.g. to cancel held replies and scheduled events. */
  onClose?(): void;
}

export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const server = createServer((req, res) => {
    options.handle(req, res).catch((error: unknown) => {
      const status = error instanceof BodyTooLargeError ? 413 : 500;
      if (status === 500) console.error(`[${options.name}]`, error);
      if (!res.headersSent) sendJson(res, status, options.errorReply(status, error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("emulator did not bind a TCP port");

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        options.onClose?.();
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (and replies held by a "timeout" failure) would keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

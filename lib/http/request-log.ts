import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { elapsed, logger } from "@/lib/log";

// One log line per request, written by the custom server (scripts/next-server.ts) when the
// response is finished or the client went away. The path goes without its query string: queries
// carry tokens (`?start=…`, `?sig=…`, sign-in callbacks). Every request gets an id, the caller's
// X-Request-Id when it is a sane token (a proxy's or load balancer's, to follow one request
// across them), else a new one; the app sees it in the request's headers and the client in the
// response's.

const httpLog = logger("http");

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the incoming X-Request-Id when it is a short token, else a new UUID. */
export function requestIdOf(headerValue: string | string[] | undefined): string {
  return typeof headerValue === "string" && REQUEST_ID.test(headerValue) ? headerValue : randomUUID();
}

/** The path of a request target, without its query string or fragment. */
export function pathOf(url: string | undefined): string {
  const target = url ?? "/";
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

/** Gives the request its id (header both ways) and logs one line when it is over; returns the id. */
export function logRequest(request: IncomingMessage, response: ServerResponse): string {
  const started = performance.now();
  const requestId = requestIdOf(request.headers["x-request-id"]);
  request.headers["x-request-id"] = requestId;
  response.setHeader("X-Request-Id", requestId);
  response.once("close", () => {
    const path = pathOf(request.url);
    const status = response.statusCode;
    const line = {
      requestId,
      method: request.method,
      path,
      status,
      ms: elapsed(started),
      // Closed before the whole answer was sent: the client went away, or the server cut it.
      ...(response.writableFinished ? {} : { aborted: true }),
    };
    if (path.startsWith("/_next/static/")) httpLog.debug(line, "request");
    else if (status >= 500) httpLog.error(line, "request");
    else httpLog.info(line, "request");
  });
  return requestId;
}

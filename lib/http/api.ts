import { z } from "zod";
import type { ApiErrorEnvelope, FoundationErrorCode } from "@/lib/api/error-envelope";
import { authenticateApiKey, type AuthenticatedApiKey } from "@/lib/billing/api-keys/authenticate";
import { readLimitedBody } from "@/lib/billing/webhooks/read-body";
import type { ApiKeyScope } from "@/lib/generated/prisma/enums";
import { clientAddress } from "@/lib/http/client-address";
import { addressBlock } from "@/lib/http/trusted-proxies";
import { logger } from "@/lib/log";
import { limit } from "@/lib/rate-limit";

// The one wrapper of every /api/v1 route handler (the shape of dub's withWorkspace): API key →
// rate limit (RATE_LIMITS "api-key"; "api-key-failures" for refused keys) → scope → body (size,
// JSON, zod) → handler → JSON answer, and every failure as the same envelope
// {"error":{"code","message","details"}}. A route only says which scope it needs, which schema its
// body follows, and what it answers; an expected refusal is `throw new ApiError(…)`.

/** Bodies are small JSON commands; anything bigger is refused before it is parsed. */
export const MAX_API_BODY_BYTES = 64 * 1024;

export class ApiError extends Error {
  override name = "ApiError";

  constructor(
    public status: number,
    public code: string,
    message: string,
    public details?: unknown,
    /** Sent with the error, e.g. `{ "Retry-After": "30" }` on a 429. */
    public headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export type ApiKeyContext = AuthenticatedApiKey;

export interface ApiAnswer {
  status: number;
  /** Sent as JSON; ignored for 204 and 304. */
  body: unknown;
  headers?: Record<string, string>;
}

export interface ApiHandlerContext<B extends z.ZodType | undefined, P> {
  key: { id: string; name: string; scopes: ApiKeyScope[] };
  /** The body as the schema parsed it (its output type); undefined when the route takes none. */
  body: B extends z.ZodType ? z.infer<B> : undefined;
  params: P;
  request: Request;
}

/** For `export const POST = apiRoute(…)` in app/api/v1/…/route.ts. */
export function apiRoute<B extends z.ZodType | undefined = undefined, P = Record<string, never>>(
  options: { scope: ApiKeyScope; body?: B },
  handler: (context: ApiHandlerContext<B, P>) => Promise<ApiAnswer>,
): (request: Request, ctx: { params: Promise<P> }) => Promise<Response> {
  return async (request, ctx) => {
    let keyId: string | undefined;
    try {
      const key = await authenticateApiKey(bearerToken(request));
      if (!key) throw await refusedKey(request);
      keyId = key.id;
      const allowance = await limit("api-key", key.id);
      if (allowance.kind === "limited") {
        throw rateLimited("This API key is over its request rate.", allowance.retryAfterSeconds);
      }
      if (!key.scopes.includes(options.scope)) {
        throw new ApiError(403, "forbidden", `This API key lacks the "${options.scope}" scope.`);
      }
      const body = options.body ? await parseBody(request, options.body) : undefined;
      const answer = await handler({
        key,
        body: body as ApiHandlerContext<B, P>["body"],
        params: await ctx.params,
        request,
      });
      return jsonResponse(answer.status, answer.body, answer.headers);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      // The request's headers and body stay out of the log: they carry the key and customer data.
      logger("api").error(
        {
          requestId: request.headers.get("x-request-id") ?? undefined,
          method: request.method,
          path: new URL(request.url).pathname,
          keyId: keyId ?? null,
          err: error,
        },
        "api: request failed",
      );
      return errorResponse(
        new ApiError(500, "internal", "Something went wrong on our side. Try again in a moment."),
      );
    }
  };
}

/** 401, or 429 once the client's address has sent too many requests without a valid key. */
async function refusedKey(request: Request): Promise<ApiError> {
  const address = clientAddress(request.headers);
  // An unknown address is not counted: one bucket for every client would refuse them all together.
  if (!address) return unauthorized();
  const allowance = await limit("api-key-failures", addressBlock(address));
  return allowance.kind === "limited"
    ? rateLimited("Too many requests without a valid API key from this address.", allowance.retryAfterSeconds)
    : unauthorized();
}

function rateLimited(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError(429, "rate_limited", message, undefined, { "Retry-After": String(retryAfterSeconds) });
}

function unauthorized(): ApiError {
  return new ApiError(401, "unauthorized", "Send a valid API key: Authorization: Bearer bk_…", undefined, {
    "WWW-Authenticate": 'Bearer realm="api"',
  });
}

/** The token of `Authorization: Bearer <token>`, or null. */
function bearerToken(request: Request): string | null {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

async function parseBody(request: Request, schema: z.ZodType): Promise<unknown> {
  const read = await readLimitedBody(request, MAX_API_BODY_BYTES);
  if (read.kind === "too-large") {
    throw apiError(413, "payload_too_large", `The body is over ${MAX_API_BODY_BYTES / 1024} KiB.`);
  }
  if (read.kind === "unreadable") throw apiError(400, "invalid_json", "The body is not UTF-8 JSON.");
  let json: unknown;
  try {
    json = JSON.parse(read.body);
  } catch {
    throw apiError(400, "invalid_json", "The body is not valid JSON.");
  }
  const parsed = await schema.safeParseAsync(json);
  if (!parsed.success) {
    throw apiError(
      422,
      "validation_failed",
      "The body is not valid for this endpoint.",
      z.treeifyError(parsed.error),
    );
  }
  return parsed.data;
}

function apiError(status: number, code: FoundationErrorCode, message: string, details?: unknown): ApiError {
  return new ApiError(status, code, message, details);
}

function errorResponse(error: ApiError): Response {
  const envelope: ApiErrorEnvelope = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
  return jsonResponse(error.status, envelope, error.headers);
}

function jsonResponse(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  const empty = status === 204 || status === 304;
  const headers = new Headers(extra);
  if (!empty) headers.set("Content-Type", "application/json; charset=utf-8");
  headers.set("Cache-Control", "no-store");
  return new Response(empty ? null : JSON.stringify(body), { status, headers });
}

import { z } from "zod";
import { ProviderError } from "@/lib/billing/providers/types";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { errorObject } from "@/lib/billing/providers/yookassa/wire";

// YooKassa API v3 over fetch: HTTP Basic `shopId:secretKey`, JSON both ways, an Idempotence-Key on
// every POST. YooKassa's advice on answers (PROVIDERS.md): a 500 means the outcome is unknown, so
// the same request is sent again with the same key; so is a 202 ("still processing", wait
// `retry_after` ms), as the official SDKs do; a timeout or a dropped connection is a 500 we never
// saw. Any 4xx is about our request: retrying cannot help, the caller gets YooKassa's code.

/** Per try: a slower answer is abandoned and the request sent again with the same key. */
export const TIMEOUT_MS = 10_000;
/** Tries per call. With the waits below a call ends within 40 s, inside a checkout's in-flight window. */
export const MAX_TRIES = 3;
const BACKOFF_MS = [500, 1_500];
const MAX_RETRY_AFTER_MS = 5_000;

export interface YooKassaRequest<T> {
  method: "GET" | "POST";
  /** Under the API base: "/payments", "/payments/<id>", "/refunds". */
  path: string;
  body?: unknown;
  /** Required for a POST; the same key must always carry the same body. */
  idempotenceKey?: string;
  result: z.ZodType<T>;
  /** For messages: "create the payment". */
  action: string;
}

/** YooKassa refused a request (a 4xx): its error `code` and HTTP status, for callers to branch on. */
export class YooKassaRefusal extends ProviderError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
  }
}

type Attempt = { kind: "answer"; status: number; body: unknown } | { kind: "unreachable"; timedOut: boolean };

export async function callYooKassa<T>(config: YooKassaConfig, request: YooKassaRequest<T>): Promise<T> {
  if (request.method === "POST" && !request.idempotenceKey) {
    throw new TypeError(`YooKassa POST ${request.path} needs an Idempotence-Key`);
  }
  // Serialized once: every retry sends these exact bytes under the same key.
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  let last: Attempt = { kind: "unreachable", timedOut: false };
  for (let tryNumber = 1; tryNumber <= MAX_TRIES; tryNumber++) {
    last = await attempt(config, request, body);
    if (last.kind === "answer" && last.status !== 202 && last.status < 500) break;
    if (tryNumber < MAX_TRIES) await sleep(waitBefore(tryNumber, last));
  }
  if (last.kind === "unreachable") {
    throw new ProviderError(
      last.timedOut
        ? `YooKassa did not answer within ${TIMEOUT_MS / 1000} s (${MAX_TRIES} tries) to ${request.action}`
        : `YooKassa could not be reached to ${request.action}`,
    );
  }
  if (last.status === 202 || last.status >= 500) {
    throw new ProviderError(
      `YooKassa could not ${request.action} (HTTP ${last.status} after ${MAX_TRIES} tries)`,
    );
  }
  if (last.status >= 400) throw refusal(request.action, last.status, last.body);
  const parsed = request.result.safeParse(last.body);
  if (!parsed.success)
    throw new ProviderError(`YooKassa answered in an unexpected shape to ${request.action}`);
  return parsed.data;
}

async function attempt(
  config: YooKassaConfig,
  request: YooKassaRequest<unknown>,
  body: string | undefined,
): Promise<Attempt> {
  const headers: Record<string, string> = {
    Authorization: `Basic ${Buffer.from(`${config.shopId}:${config.secretKey}`).toString("base64")}`,
    Accept: "application/json",
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (request.idempotenceKey) headers["Idempotence-Key"] = request.idempotenceKey;
  try {
    const response = await fetch(`${config.apiBase}${request.path}`, {
      method: request.method,
      headers,
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    return { kind: "answer", status: response.status, body: safeJson(text) };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return { kind: "unreachable", timedOut };
  }
}

/** A 202's own `retry_after` (milliseconds, within reason), else a growing backoff. */
function waitBefore(tryNumber: number, last: Attempt): number {
  if (last.kind === "answer" && last.status === 202) {
    const asked = z.object({ retry_after: z.number().nonnegative() }).safeParse(last.body);
    if (asked.success) return Math.min(Math.max(asked.data.retry_after, 100), MAX_RETRY_AFTER_MS);
  }
  return BACKOFF_MS[tryNumber - 1] ?? BACKOFF_MS.at(-1)!;
}

/**
 * YooKassa's error object names what was wrong with our request (a code, a description, the
 * parameter), never a secret: safe to store and show. Capped, since it is stored on the payment.
 */
function refusal(action: string, status: number, body: unknown): YooKassaRefusal {
  const error = errorObject.safeParse(body);
  if (!error.success)
    return new YooKassaRefusal(`YooKassa refused to ${action} (HTTP ${status})`, status, null);
  const { code, description, parameter } = error.data;
  const detail = [code, description].filter(Boolean).join(": ") + (parameter ? ` (${parameter})` : "");
  const capped = detail.length > 200 ? `${detail.slice(0, 200)}…` : detail;
  return new YooKassaRefusal(
    `YooKassa refused to ${action} (HTTP ${status}${capped ? `: ${capped}` : ""})`,
    status,
    code ?? null,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The Stripe v1 routes the app's adapter calls through stripe-node. Every call is recorded,
// may suffer a queued failure (failNext), is authenticated, goes through the idempotency layer
// (POST), and is answered with a Stripe object or Stripe's error envelope. Replies carry
// `Request-Id` and `Stripe-Version` as Stripe's do (stripe-node exposes them on `lastResponse`).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StripeCore } from "./core";
import { ApiError, errorBody, invalidRequest, maskKey } from "./errors";
import { API_VERSION } from "./events";
import { canonical, FormConflictError, type FormObject, parseForm } from "./form";
import { headerRecord, readBody, sendJson } from "./http";
import { newId } from "./model";
import { routeApi } from "./routes";

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Work to do once the reply is on its way (the "after-response" charge.refunded). */
  after?: () => void;
}

export interface ApiRequest {
  method: string;
  url: URL;
  form: FormObject;
  requestId: string;
  idempotencyKey: string | null;
}

export async function handleApi(core: StripeCore, req: IncomingMessage, res: ServerResponse, url: URL) {
  const raw = await readBody(req);
  const method = req.method ?? "GET";
  // GET and DELETE carry their params in the query string, as stripe-node sends them.
  const text = method === "GET" || method === "DELETE" ? url.search.slice(1) : raw;
  let form: FormObject | FormConflictError;
  try {
    form = parseForm(text);
  } catch (error) {
    if (!(error instanceof FormConflictError)) throw error;
    form = error;
  }
  core.requests.push({
    method,
    path: url.pathname + url.search,
    headers: headerRecord(req),
    body: raw === "" ? undefined : form instanceof FormConflictError ? raw : form,
  });

  const requestId = newId("req_", 14);
  const version = req.headers["stripe-version"];
  const headers = {
    "request-id": requestId,
    "stripe-version": typeof version === "string" ? version : API_VERSION,
  };
  const failure = core.faults.take();
  if (failure === "500") {
    const error = new ApiError(500, "api_error", "An unknown error occurred. (emulated)");
    return sendJson(res, 500, errorBody(error, requestId), headers);
  }
  const reply = await answer(core, req, form, { method, url, requestId });
  const send = () => sendJson(res, reply.status, reply.body, { ...headers, ...reply.headers });
  if (failure === "timeout") {
    // The call takes effect now; only the reply is late, like an API that commits and then
    // stalls. A client that gives up and retries with the same Idempotency-Key gets the replay.
    core.timers.replyLate(res, send);
    reply.after?.();
    return;
  }
  if (reply.after) res.once("finish", reply.after);
  send();
}

async function answer(
  core: StripeCore,
  req: IncomingMessage,
  form: FormObject | FormConflictError,
  { method, url, requestId }: Pick<ApiRequest, "method" | "url" | "requestId">,
): Promise<Reply> {
  try {
    authenticate(core.options.secretKey, req.headers.authorization);
    if (form instanceof FormConflictError) throw invalidRequest(form.message, form.param);
    // Idempotency keys apply to POSTs only; Stripe ignores them on reads.
    const header = req.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof header === "string" ? header : null;
    const request: ApiRequest = { method, url, form, requestId, idempotencyKey };
    if (idempotencyKey === null) return await routeApi(core, request);

    const params = canonical(form);
    const saved = core.idempotency.lookup(idempotencyKey, url.pathname, params);
    const keyHeader = { "idempotency-key": idempotencyKey };
    if (saved) {
      const replayHeaders = {
        ...keyHeader,
        "idempotent-replayed": "true",
        "original-request": saved.requestId,
      };
      return { status: saved.status, body: saved.body, headers: replayHeaders };
    }
    core.idempotency.begin(idempotencyKey);
    let reply: Reply;
    try {
      reply = await routeApi(core, request);
    } catch (error) {
      core.idempotency.abandon(idempotencyKey);
      throw error;
    }
    core.idempotency.finish(idempotencyKey, url.pathname, params, { ...reply, requestId });
    return { ...reply, headers: { ...reply.headers, ...keyHeader } };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const headers: Record<string, string> =
      error.status === 401 ? { "www-authenticate": 'Basic realm="Stripe"' } : {};
    return { status: error.status, body: errorBody(error, requestId), headers };
  }
}

/** `Authorization: Bearer sk_…`, or Basic with the key as user name (what `curl -u sk_…:` sends). */
function authenticate(secretKey: string, header: string | undefined): void {
  if (!header) {
    throw new ApiError(
      401,
      "invalid_request_error",
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const [scheme = "", value = ""] = header.split(/ (.*)/s);
  const key =
    scheme.toLowerCase() === "basic"
      ? (Buffer.from(value, "base64").toString("utf8").split(":")[0] ?? "")
      : value;
  if (scheme.toLowerCase() === "bearer" || scheme.toLowerCase() === "basic") {
    if (key === secretKey) return;
  }
  throw new ApiError(401, "invalid_request_error", `Invalid API Key provided: ${maskKey(key || scheme)}`);
}

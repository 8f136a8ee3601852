// The YooKassa v3 routes the app's adapter calls. Every call is recorded, may suffer a queued
// failure (failNext), is authenticated (HTTP Basic, shopId:secretKey), goes through the
// idempotence rule (POST), and is answered with a YooKassa object or its error object.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { YooKassaCore } from "./core";
import { ApiError, errorBody } from "./errors";
import { headerRecord, parseJson, readBody, sendJson } from "./http";
import { requestFingerprint } from "./idempotency";
import { routeApi } from "./routes";

export interface Reply {
  status: number;
  body: unknown;
  /** Work to do once the reply is on its way (the notification a refund or a cancel sends). */
  after?: () => void;
}

export interface ApiRequest {
  method: string;
  url: URL;
  /** The parsed JSON body of a POST; undefined for a GET. */
  body: unknown;
}

export async function handleApi(core: YooKassaCore, req: IncomingMessage, res: ServerResponse, url: URL) {
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  const method = req.method ?? "GET";
  core.requests.push({
    method,
    path: url.pathname + url.search,
    headers: headerRecord(req),
    body: raw === "" ? undefined : parsed.ok ? parsed.value : raw,
  });

  const failure = core.faults.take();
  if (failure === "500") {
    // Nothing happened; YooKassa's advice is to send the same request again with the same key.
    const error = new ApiError("internal_server_error", "Internal server error (emulated)");
    return sendJson(res, 500, errorBody(error));
  }
  const reply = answer(core, req, { method, url, body: parsed.ok ? parsed.value : undefined }, parsed.ok);
  const send = () => sendJson(res, reply.status, reply.body);
  if (failure === "timeout") {
    // The call takes effect now and its result is kept for its key; only the reply is late. A
    // client that gives up and retries with the same Idempotence-Key gets that result.
    core.timers.replyLate(res, send);
    reply.after?.();
    return;
  }
  if (reply.after) res.once("finish", reply.after);
  send();
}

function answer(core: YooKassaCore, req: IncomingMessage, request: ApiRequest, readable: boolean): Reply {
  try {
    authenticate(core, req.headers.authorization);
    if (request.method !== "POST") return routeApi(core, request);
    if (
      !readable ||
      request.body === null ||
      typeof request.body !== "object" ||
      Array.isArray(request.body)
    ) {
      throw new ApiError("invalid_request", "Request body is not a valid JSON object");
    }
    const header = req.headers["idempotence-key"];
    const key = typeof header === "string" ? header : undefined;
    const fingerprint = requestFingerprint(request.url.pathname, request.body);
    const saved = core.idempotence.lookup(key, fingerprint);
    if (saved) return saved;
    const reply = safely(() => routeApi(core, request));
    core.idempotence.save(key!, fingerprint, reply);
    return reply;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, body: errorBody(error) };
  }
}

/** A refusal is a reply like any other (and is kept for its idempotence key). */
function safely(route: () => Reply): Reply {
  try {
    return route();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, body: errorBody(error) };
  }
}

/** HTTP Basic: the shop id as the user name, the secret key as the password. */
function authenticate(core: YooKassaCore, header: string | undefined): void {
  const [scheme = "", value = ""] = (header ?? "").split(" ");
  const [user, ...password] = Buffer.from(value, "base64").toString("utf8").split(":");
  if (
    scheme.toLowerCase() !== "basic" ||
    user !== core.options.shopId ||
    password.join(":") !== core.options.secretKey
  ) {
    // Not confirmed: YooKassa's wording for this refusal; its code and status are documented.
    throw new ApiError("invalid_credentials", "Login or password is incorrect", "Authorization");
  }
}

// The v1 endpoints themselves, called by api.ts once a request is authenticated and is not an
// idempotent replay. Anything else gets Stripe's 404 "Unrecognized request URL".
import type { ApiRequest, Reply } from "./api";
import type { StripeCore } from "./core";
import { invalidRequest } from "./errors";
import { safeDecode } from "./http";
import { EmulatorStateError, type SessionRecord } from "./model";
import { expandList } from "./params";
import { parseSessionCreate } from "./create-session";
import { parseRefundCreate } from "./refunds";
import { paymentIntentObject, refundObject } from "./wire-payment";
import { sessionObject } from "./wire";

type Handler = (core: StripeCore, request: ApiRequest, id: string) => Reply | Promise<Reply>;

const SESSION_EXPANDABLE = ["payment_intent", "line_items"];

const ROUTES: ReadonlyArray<[string, RegExp, Handler]> = [
  ["POST", /^\/v1\/checkout\/sessions$/, createSession],
  ["GET", /^\/v1\/checkout\/sessions\/([^/]+)$/, (core, r, id) => sessionReply(requireSession(core, id), r)],
  ["POST", /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/, expireSession],
  ["GET", /^\/v1\/payment_intents\/([^/]+)$/, retrieveIntent],
  ["POST", /^\/v1\/refunds$/, createRefund],
];

export async function routeApi(core: StripeCore, request: ApiRequest): Promise<Reply> {
  const path = request.url.pathname;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (match && request.method === method) return handler(core, request, safeDecode(match[1] ?? ""));
  }
  throw invalidRequest(
    `Unrecognized request URL (${request.method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    undefined,
    undefined,
    404,
  );
}

function createSession(core: StripeCore, request: ApiRequest): Reply {
  const expand = expandList(request.form, SESSION_EXPANDABLE);
  return { status: 200, body: sessionObject(core.createSession(parseSessionCreate(request.form)), expand) };
}

/** `POST /v1/checkout/sessions/:id/expire`: what an app calls to close a session it gave up on. */
async function expireSession(core: StripeCore, request: ApiRequest, id: string): Promise<Reply> {
  if (requireSession(core, id).status !== "open") {
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired.`, "session");
  }
  try {
    await core.expire(id);
  } catch (error) {
    // The deadline may have expired it an instant earlier: same refusal as above.
    if (!(error instanceof EmulatorStateError)) throw error;
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired.`, "session");
  }
  return sessionReply(requireSession(core, id), request);
}

function retrieveIntent(core: StripeCore, request: ApiRequest, id: string): Reply {
  expandList(request.form, []);
  const record = core.sessions.findByPaymentIntent(id);
  if (!record) throw invalidRequest(`No such payment_intent: '${id}'`, "intent", "resource_missing", 404);
  return { status: 200, body: paymentIntentObject(record) };
}

/**
 * The refund, and its charge.refunded either awaited before the reply ("before-response") or
 * started as soon as the reply is written ("after-response": the app may then be handling the
 * event while the code that awaited `refunds.create` is still running).
 */
async function createRefund(core: StripeCore, request: ApiRequest): Promise<Reply> {
  expandList(request.form, []);
  const done = core.refund(parseRefundCreate(request.form));
  const reply: Reply = { status: 200, body: refundObject(done.refund) };
  const cause = { id: request.requestId, idempotencyKey: request.idempotencyKey };
  if (core.options.refundEventTiming === "before-response") {
    await core.notifyRefund(done, cause);
    return reply;
  }
  return { ...reply, after: () => void core.notifyRefund(done, cause) };
}

function requireSession(core: StripeCore, id: string): SessionRecord {
  const record = core.sessions.record(id);
  if (!record) throw invalidRequest(`No such checkout.session: '${id}'`, "session", "resource_missing", 404);
  return record;
}

function sessionReply(record: SessionRecord, request: ApiRequest): Reply {
  return { status: 200, body: sessionObject(record, expandList(request.form, SESSION_EXPANDABLE)) };
}

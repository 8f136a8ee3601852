// The v3 endpoints themselves, called by api.ts once a request is authenticated and is not an
// idempotent replay: what the app's adapter uses (create, get, refund), plus the listing, the
// cancel of a payment waiting for capture and a refund's own read, which official SDKs expose.
import type { ApiRequest, Reply } from "./api";
import type { YooKassaCore } from "./core";
import { ApiError } from "./errors";
import { safeDecode } from "./http";
import { parseNewPayment, parseNewRefund } from "./requests";
import { paymentObject, refundObject } from "./wire";

type Handler = (core: YooKassaCore, request: ApiRequest, id: string) => Reply;

const ROUTES: ReadonlyArray<[string, RegExp, Handler]> = [
  ["POST", /^\/v3\/payments$/, createPayment],
  ["GET", /^\/v3\/payments$/, listPayments],
  ["GET", /^\/v3\/payments\/([^/]+)$/, getPayment],
  ["POST", /^\/v3\/payments\/([^/]+)\/cancel$/, cancelPayment],
  ["POST", /^\/v3\/refunds$/, createRefund],
  ["GET", /^\/v3\/refunds\/([^/]+)$/, getRefund],
];

export function routeApi(core: YooKassaCore, request: ApiRequest): Reply {
  const path = request.url.pathname.replace(/\/$/, "");
  let known = false;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    known = true;
    if (request.method === method) return handler(core, request, safeDecode(match[1] ?? ""));
  }
  if (known)
    throw new ApiError("invalid_request", `Method ${request.method} is not allowed here`, undefined, 405);
  throw new ApiError("not_found", `Unknown endpoint ${path}`);
}

function createPayment(core: YooKassaCore, request: ApiRequest): Reply {
  const payment = core.createPayment(parseNewPayment(request.body, { receipts: core.options.receipts }));
  return { status: 200, body: paymentObject(payment, core.options.shopId) };
}

/** `GET /payments?limit=…` (1–100, default 10), newest first; no cursor: the emulator's lists are short. */
function listPayments(core: YooKassaCore, request: ApiRequest): Reply {
  const limitParam = request.url.searchParams.get("limit");
  const limit = limitParam === null ? 10 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ApiError("invalid_request", "Invalid limit value: from 1 to 100", "limit");
  }
  const items = core.store.list().slice(0, limit);
  return {
    status: 200,
    body: { type: "list", items: items.map((p) => paymentObject(p, core.options.shopId)) },
  };
}

function getPayment(core: YooKassaCore, _request: ApiRequest, id: string): Reply {
  const payment = core.store.get(id);
  if (!payment) throw new ApiError("not_found", "Payment not found or forbidden", "payment_id");
  return { status: 200, body: paymentObject(payment, core.options.shopId) };
}

function cancelPayment(core: YooKassaCore, _request: ApiRequest, id: string): Reply {
  const { payment, notify } = core.cancel(id);
  return { status: 200, body: paymentObject(payment, core.options.shopId), after: () => void notify() };
}

/** The refund, and its refund.succeeded notification once the reply is on its way. */
function createRefund(core: YooKassaCore, request: ApiRequest): Reply {
  const { refund, notify } = core.refund(parseNewRefund(request.body, { receipts: core.options.receipts }));
  return { status: 200, body: refundObject(refund), after: () => void notify() };
}

function getRefund(core: YooKassaCore, _request: ApiRequest, id: string): Reply {
  const refund = core.store.getRefund(id);
  if (!refund) throw new ApiError("not_found", "Refund not found or forbidden", "refund_id");
  return { status: 200, body: refundObject(refund) };
}

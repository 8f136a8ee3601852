// A local HTTP emulator of the YooKassa API v3, so `npm run dev` takes rouble payments offline
// and tests exercise the app's real YooKassa adapter over real HTTP. It speaks what
// /work/shared/PROVIDERS.md ("YooKassa (API v3)") and YooKassa's API reference describe; the
// modules beside this one say where they had to choose (idempotency.ts, errors.ts, wire.ts).
//
//   /v3/…            the API (api.ts → routes.ts)    /checkout/:id   the confirmation page
//   /_emulator/…     test/demo controls (control.ts) notifications   notifications.ts
import type { IncomingMessage, ServerResponse } from "node:http";
import { startEmulatorServer } from "../server";
import { handleApi } from "./api";
import { handleControl } from "./control";
import { type FailMode, type Outcome, type PaymentEvent, type RecordedRequest, YooKassaCore } from "./core";
import { errorBody, ApiError } from "./errors";
import { handleHostedPage } from "./hosted-page";
import { sendJson } from "./http";
import type { Cancellation, EmulatedPayment, EmulatedRefund } from "./model";
import type { BuiltNotification, SentNotification } from "./notifications";

export type { Cancellation, EmulatedPayment, EmulatedRefund, PaymentStatus } from "./model";
export type { BuiltNotification, SentNotification } from "./notifications";
export { DECLINE_REASONS, EmulatorStateError } from "./model";

export interface YooKassaEmulatorOptions {
  /** Expected as the HTTP Basic user name. */
  shopId: string;
  /** Expected as the HTTP Basic password. */
  secretKey: string;
  /** Where notifications are POSTed; unset → built and logged, never sent. */
  notificationUrl?: string;
  /** The shop sends 54-FZ receipts: a payment or refund without a valid `receipt` is refused. */
  receipts?: boolean;
  /** Default 0: a free port. Always on 127.0.0.1. */
  port?: number;
}

export interface YooKassaEmulator {
  url: string;
  /** url + "/v3": what the app uses as YOOKASSA_API_BASE. */
  apiBase: string;
  close(): Promise<void>;
  getPayment(id: string): EmulatedPayment | undefined;
  findByOrderId(orderId: string): EmulatedPayment | undefined;
  payments(): EmulatedPayment[];
  refunds(): EmulatedRefund[];
  /** The buyer pays; the notification is sent and awaited unless `notify: false`. */
  pay(id: string, options?: { notify?: boolean }): Promise<Outcome>;
  decline(id: string, reason: string, party?: Cancellation["party"]): Promise<Outcome>;
  /** Re-sends the notification for the payment's current state. */
  notify(id: string, event?: PaymentEvent): Promise<number | null>;
  /** A notification for the payment as it is now, `overrides` written over its object. */
  buildNotification(id: string, event?: PaymentEvent, overrides?: Record<string, unknown>): BuiltNotification;
  buildRefundNotification(refundId: string): BuiltNotification;
  /** POSTs a notification body to the notification URL, from 127.0.0.1, and logs it. */
  sendNotification(notification: BuiltNotification): Promise<number | null>;
  failNext(mode: FailMode, count?: number): void;
  requests: ReadonlyArray<RecordedRequest>;
  notifications: ReadonlyArray<SentNotification>;
}

export async function startYooKassaEmulator(options: YooKassaEmulatorOptions): Promise<YooKassaEmulator> {
  for (const key of ["shopId", "secretKey"] as const) {
    if (!options[key]) throw new TypeError(`startYooKassaEmulator: ${key} is required`);
  }
  const core = new YooKassaCore({
    shopId: options.shopId,
    secretKey: options.secretKey,
    notificationUrl: options.notificationUrl || undefined,
    receipts: options.receipts ?? false,
  });
  const server = await startEmulatorServer({
    name: "yookassa-emulator",
    port: options.port,
    handle: (req, res) => route(core, req, res),
    errorReply: (status, error) =>
      errorBody(
        status === 413
          ? new ApiError("invalid_request", "Request body is too large")
          : new ApiError("internal_server_error", String(error)),
      ),
    onClose: () => core.timers.cancelAll(),
  });
  core.url = server.url;

  return {
    url: server.url,
    apiBase: `${server.url}/v3`,
    close: server.close,
    getPayment: (id) => core.store.get(id),
    findByOrderId: (orderId) => core.store.findByOrderId(orderId),
    payments: () => core.store.list(),
    refunds: () => core.store.listRefunds(),
    pay: (id, payOptions) => core.pay(id, payOptions),
    decline: (id, reason, party) => core.decline(id, reason, party),
    notify: (id, event) => core.notify(id, event),
    buildNotification: (id, event, overrides) => core.buildNotification(id, event, overrides),
    buildRefundNotification: (refundId) => core.buildRefundNotification(refundId),
    sendNotification: (notification) => core.send(notification),
    failNext: (mode, count) => core.faults.failNext(mode, count),
    get requests() {
      return core.requests;
    },
    get notifications() {
      return core.notifications;
    },
  };
}

async function route(core: YooKassaCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", core.url);
  const hosted = /^\/checkout\/([A-Za-z0-9-]+)(?:\/([a-z]+))?\/?$/.exec(url.pathname);
  if (url.pathname.startsWith("/v3/")) return handleApi(core, req, res, url);
  if (url.pathname.startsWith("/_emulator/")) return handleControl(core, req, res, url);
  if (hosted) return handleHostedPage(core, req, res, hosted[1] ?? "", hosted[2]);
  if (url.pathname === "/")
    return sendJson(res, 200, { emulator: "YooKassa API v3", apiBase: `${core.url}/v3` });
  sendJson(res, 404, errorBody(new ApiError("not_found", `Not found: ${url.pathname}`)));
}

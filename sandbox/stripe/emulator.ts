// A local HTTP emulator of Stripe Checkout, so `npm run dev` runs the card checkout offline and
// tests exercise the app's real Stripe adapter (the official stripe-node SDK) over real HTTP.
// It speaks what /work/shared/PROVIDERS.md ("Stripe — Checkout") and Stripe's docs describe; the
// modules beside this one say where they had to choose (events.ts, idempotency.ts, wire*.ts,
// create-session.ts, refunds.ts).
//
//   /v1/…          the API (api.ts → routes.ts)     /c/pay/:id   the hosted page (hosted-page.ts)
//   /_emulator/…   test/demo controls (control.ts)  events out   webhooks.ts
import type { IncomingMessage, ServerResponse } from "node:http";
import { startEmulatorServer } from "../server";
import { handleApi } from "./api";
import { handleControl } from "./control";
import { type BuildOptions, type FailMode, type RecordedRequest, StripeCore } from "./core";
import { handleHostedPage } from "./hosted-page";
import { sendJson } from "./http";
import type { EmulatedSession, RefundRecord } from "./model";

export type { AsyncPayment, EmulatedSession, LineItem, PaymentStatus, SessionStatus } from "./model";
export { EmulatorStateError } from "./model";

export interface StripeEmulatorOptions {
  /** Expected as `Authorization: Bearer <secretKey>`; anything else is a 401. */
  secretKey: string;
  /** "whsec_…": signs events exactly as Stripe does. */
  webhookSecret: string;
  /** Where events are POSTed; unset → built and logged, never sent. */
  webhookUrl?: string;
  /** Default 0: a free port. Always on 127.0.0.1. */
  port?: number;
  /** When a refund's charge.refunded event is sent relative to the POST /v1/refunds reply. Default "after-response". */
  refundEventTiming?: "before-response" | "after-response";
}

type Outcome = Promise<{ session: EmulatedSession; eventStatus: number | null }>;

export interface StripeEmulator {
  url: string;
  /** Pass to `new Stripe(secretKey, sdkOptions)`. */
  sdkOptions: { host: string; port: number; protocol: "http" };
  close(): Promise<void>;
  getSession(id: string): EmulatedSession | undefined;
  findSessionByClientReference(ref: string): EmulatedSession | undefined;
  pay(sessionId: string): Outcome;
  payAsync(sessionId: string): Outcome;
  settleAsync(sessionId: string, outcome: "succeeded" | "failed"): Outcome;
  expire(sessionId: string): Outcome;
  buildEvent(
    type: string,
    sessionId: string,
    options?: BuildOptions,
  ): { id: string; body: string; signatureHeader: string };
  sendEvent(event: { body: string; signatureHeader: string }): Promise<number>;
  failNext(mode: FailMode, count?: number): void;
  refunds: ReadonlyArray<Pick<RefundRecord, "id" | "paymentIntent" | "amount" | "status">>;
  requests: ReadonlyArray<RecordedRequest>;
}

export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  for (const key of ["secretKey", "webhookSecret"] as const) {
    if (!options[key]) throw new TypeError(`startStripeEmulator: ${key} is required`);
  }
  const core = new StripeCore({
    secretKey: options.secretKey,
    webhookSecret: options.webhookSecret,
    webhookUrl: options.webhookUrl || undefined,
    refundEventTiming: options.refundEventTiming ?? "after-response",
  });
  const server = await startEmulatorServer({
    name: "stripe-emulator",
    port: options.port,
    handle: (req, res) => route(core, req, res),
    errorReply: (status, error) => ({
      error: { type: status === 413 ? "invalid_request_error" : "api_error", message: String(error) },
    }),
    onClose: () => core.timers.cancelAll(),
  });
  core.url = server.url;

  return {
    url: server.url,
    sdkOptions: { host: "127.0.0.1", port: server.port, protocol: "http" },
    close: server.close,
    getSession: (id) => core.sessions.get(id),
    findSessionByClientReference: (ref) => core.sessions.findByClientReference(ref),
    pay: (id) => core.pay(id),
    payAsync: (id) => core.payAsync(id),
    settleAsync: (id, outcome) => core.settle(id, outcome),
    expire: (id) => core.expire(id),
    buildEvent: (type, id, buildOptions) => core.buildEvent(type, id, buildOptions),
    sendEvent: (event) => core.webhooks.send(event),
    failNext: (mode, count) => core.faults.failNext(mode, count),
    get refunds() {
      return core.refunds.map((r) => ({ ...r, metadata: { ...r.metadata } }));
    },
    get requests() {
      return core.requests;
    },
  };
}

async function route(core: StripeCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", core.url);
  const hosted = /^\/c\/pay\/([A-Za-z0-9_]+)(?:\/([a-z-]+))?\/?$/.exec(url.pathname);
  if (url.pathname.startsWith("/v1/")) return handleApi(core, req, res, url);
  if (url.pathname.startsWith("/_emulator/")) return handleControl(core, req, res, url);
  if (hosted) return handleHostedPage(core, req, res, hosted[1] ?? "", hosted[2]);
  if (url.pathname === "/")
    return sendJson(res, 200, { emulator: "Stripe Checkout (API v1)", url: core.url });
  sendJson(res, 404, {
    error: {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${req.method}: ${url.pathname}).`,
    },
  });
}

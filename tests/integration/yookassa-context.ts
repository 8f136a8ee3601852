import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { env } from "@/lib/env";
import { trustClientAddressHeader } from "@/lib/http/client-address";
import { parseTrustedProxies, withClientAddress } from "@/lib/http/trusted-proxies";
import { startYooKassaEmulator, type YooKassaEmulator } from "@/sandbox/yookassa/emulator";
import { customerWithCheckout } from "./helpers";
import { startRouteServer, toHeaders, toRequest, type RouteServer } from "./route-server";
import { deliverAndApply } from "./webhook-queue";

// A YooKassa emulator on 127.0.0.1 for one test file, the app configured to use it (the real
// adapter over real HTTP), and the app's webhook route served on 127.0.0.1 the way
// scripts/next-server.ts serves it: the client address worked out from the TCP peer and
// TRUSTED_PROXIES before the route sees the request. The emulator notifies that server, from
// 127.0.0.1, which is the one address the app allows here (as scripts/sandbox.ts sets it up).

export const YOOKASSA_SHOP_ID = "506751";
export const YOOKASSA_SECRET_KEY = "test_integration_secret_0123456789";

// Requests here carry the client address as scripts/next-server.ts sets it.
trustClientAddressHeader();

export interface WebhookServer extends RouteServer {
  /** The route's answers, in order: its status and JSON (`delivery` is our record's id). */
  answers: { status: number; json: Record<string, unknown> }[];
}

/** POST /api/webhook/payment on 127.0.0.1, through the same client-address step as production. */
async function startWebhookServer(): Promise<WebhookServer> {
  const answers: WebhookServer["answers"] = [];
  const server = await startRouteServer("/api/webhook/payment", async (req, res) => {
    withClientAddress(req, parseTrustedProxies(env().TRUSTED_PROXIES));
    const request = await toRequest(req);
    const { POST } = await import("@/app/api/webhook/payment/route");
    const response = await POST(request);
    const text = await response.text();
    answers.push({ status: response.status, json: JSON.parse(text) as Record<string, unknown> });
    res.writeHead(response.status, { "content-type": "application/json" }).end(text);
  });
  return { ...server, answers };
}

export function withYooKassaEmulator(): { emulator: () => YooKassaEmulator; app: () => WebhookServer } {
  let emulator: YooKassaEmulator | undefined;
  let app: WebhookServer | undefined;
  beforeAll(async () => {
    app = await startWebhookServer();
    emulator = await startYooKassaEmulator({
      shopId: YOOKASSA_SHOP_ID,
      secretKey: YOOKASSA_SECRET_KEY,
      notificationUrl: app.url,
    });
    Object.assign(process.env, {
      YOOKASSA_SHOP_ID,
      YOOKASSA_SECRET_KEY,
      YOOKASSA_API_BASE: emulator.apiBase,
      YOOKASSA_ALLOWED_IPS: "127.0.0.1",
      APP_URL: "http://127.0.0.1:3999",
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await app?.close();
  });
  return {
    emulator: () => {
      if (!emulator) throw new Error("emulator not started");
      return emulator;
    },
    app: () => {
      if (!app) throw new Error("webhook server not started");
      return app;
    },
  };
}

/** A customer who has started paying for a plan in roubles and holds an open YooKassa payment. */
export async function customerWithYooKassaPayment(options: { plan?: string; months?: 1 | 12 } = {}) {
  const { providerRef, ...rest } = await customerWithCheckout("yookassa", { ...options, label: "rouble" });
  return { ...rest, paymentId: providerRef };
}

/**
 * POSTs a notification as if it came over TCP from `peer` (with the headers it sent), through the
 * client-address step scripts/next-server.ts runs (`trustedProxies`: TRUSTED_PROXIES), then lets
 * the worker apply what was queued.
 */
export function deliverFrom(
  peer: string,
  body: string,
  options: { forwardedFor?: string; trustedProxies?: string[] } = {},
) {
  const request = {
    socket: { remoteAddress: peer },
    headers: {
      "content-type": "application/json",
      ...(options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {}),
    } as IncomingHttpHeaders,
  };
  withClientAddress(request, parseTrustedProxies(options.trustedProxies ?? []));
  return deliverAndApply(
    new Request("http://127.0.0.1/api/webhook/payment", {
      method: "POST",
      headers: toHeaders(request.headers),
      body,
    }),
  );
}

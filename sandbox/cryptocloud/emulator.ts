// A local HTTP emulator of the CryptoCloud API v2, so `npm run dev` runs the whole crypto
// checkout offline and tests exercise the app's real CryptoCloud adapter over real HTTP.
// It speaks what /work/shared/PROVIDERS.md ("CryptoCloud (API v2)") and the public docs describe;
// the modules beside this one say where they had to choose (wire.ts, postback.ts).
//
//   /v2/…         the API (api.ts)             /pay/:code   the hosted page (hosted-page.ts)
//   /_emulator/…  test/demo controls (control.ts)
import type { IncomingMessage, ServerResponse } from "node:http";
import { startEmulatorServer } from "../server";
import { handleApi } from "./api";
import { handleControl } from "./control";
import { EmulatorCore, type FailMode, type RecordedRequest } from "./core";
import { handleHostedPage } from "./hosted-page";
import { sendJson } from "./http";
import type { EmulatedInvoice } from "./model";
import type { BuiltPostback, PostbackFormat, PostbackOverrides } from "./postback";

export type { EmulatedInvoice, InvoiceStatus } from "./model";
export { EmulatorStateError } from "./model";

export interface CryptoCloudEmulatorOptions {
  /** Expected in `Authorization: Token <apiKey>`. */
  apiKey: string;
  /** The only shop_id create accepts. */
  shopId: string;
  /** Signs postback tokens (HS256). */
  secretKey: string;
  /** Default 0: a free port. Always on 127.0.0.1. */
  port?: number;
  /** Where postbacks go; unset → they are only built, never sent. */
  postbackUrl?: string;
  /** Default "json". */
  postbackFormat?: PostbackFormat;
  /** The hosted page redirects here (…?order_id=…) after a payment. */
  successUrl?: string;
  /** …and here after "Let it expire". */
  failUrl?: string;
}

export interface CryptoCloudEmulator {
  url: string;
  /** url + "/v2": what the app uses as CRYPTOCLOUD_API_BASE. */
  apiBase: string;
  close(): Promise<void>;
  getInvoice(uuidOrCode: string): EmulatedInvoice | undefined;
  findByOrderId(orderId: string): EmulatedInvoice | undefined;
  pay(
    uuidOrCode: string,
    how?: "full" | "part" | "over" | (string & {}),
  ): Promise<{ invoice: EmulatedInvoice; postbackStatus: number | null }>;
  expire(uuidOrCode: string): EmulatedInvoice;
  buildPostback(uuidOrCode: string, options?: PostbackOverrides): Promise<BuiltPostback>;
  failNext(mode: FailMode, count?: number): void;
  requests: ReadonlyArray<RecordedRequest>;
}

export async function startCryptoCloudEmulator(
  options: CryptoCloudEmulatorOptions,
): Promise<CryptoCloudEmulator> {
  for (const key of ["apiKey", "shopId", "secretKey"] as const) {
    if (!options[key]) throw new TypeError(`startCryptoCloudEmulator: ${key} is required`);
  }
  const core = new EmulatorCore({
    apiKey: options.apiKey,
    shopId: options.shopId,
    secretKey: options.secretKey,
    postbackUrl: options.postbackUrl || undefined,
    postbackFormat: options.postbackFormat ?? "json",
    successUrl: options.successUrl || undefined,
    failUrl: options.failUrl || undefined,
  });
  const server = await startEmulatorServer({
    name: "cryptocloud-emulator",
    port: options.port,
    handle: (req, res) => route(core, req, res),
    errorReply: (_status, error) => ({ status: "error", result: { server: String(error) } }),
    onClose: () => core.timers.cancelAll(),
  });
  core.url = server.url;

  return {
    url: server.url,
    apiBase: `${server.url}/v2`,
    close: server.close,
    getInvoice: (id) => core.store.get(id),
    findByOrderId: (orderId) => core.store.findByOrderId(orderId),
    pay: (id, how) => core.pay(id, how),
    expire: (id) => core.store.expire(id),
    buildPostback: (id, overrides) => core.buildPostback(id, overrides),
    failNext: (mode, count) => core.faults.failNext(mode, count),
    get requests() {
      return core.requests;
    },
  };
}

async function route(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", core.url);
  const hosted = /^\/pay\/([A-Za-z0-9-]+)(?:\/([a-z]+))?\/?$/.exec(url.pathname);
  if (url.pathname.startsWith("/v2/")) return handleApi(core, req, res, url);
  if (url.pathname.startsWith("/_emulator/")) return handleControl(core, req, res, url);
  if (hosted) return handleHostedPage(core, req, res, hosted[1] ?? "", hosted[2]);
  if (url.pathname === "/") {
    return sendJson(res, 200, { emulator: "CryptoCloud API v2", apiBase: `${core.url}/v2` });
  }
  sendJson(res, 404, { status: "error", result: { validate_error: `Not found: ${url.pathname}` } });
}

// The POSTBACK CryptoCloud sends to the project's notification URL after a payment.
//
// Confirmed by docs.cryptocloud.plus/en/api-reference-v2/postback: fields `status` ("success",
// the request's status), `invoice_id` (code WITHOUT "INV-"), `amount_crypto` (float),
// `currency` (e.g. "USDT_TRC20"), `order_id`, `token`, `invoice_info` (nested invoice, `uuid`
// WITH "INV-"); JSON or application/x-www-form-urlencoded per project setting; `token` is an
// HS256 JWT signed with the project's SECRET KEY, valid 5 minutes, carrying the invoice id.
// Not confirmed, chosen here: the JWT claims are exactly { id: "INV-…", exp } (header typ JWT);
// `amount_crypto` is the total received so far; in form format nested `invoice_info` is sent
// as one JSON string field and null `order_id` as "".
import { SignJWT } from "jose";
import type { EmulatedInvoice } from "./model";
import { invoiceView, receivedCrypto, type WireContext } from "./wire";

export type PostbackFormat = "json" | "form";

export interface PostbackOverrides {
  format?: PostbackFormat;
  secretKey?: string;
  expiresInSeconds?: number;
  tokenInvoiceId?: string;
}

export interface BuiltPostback {
  body: string;
  contentType: string;
}

const TOKEN_LIFETIME_SECONDS = 300;
const SEND_TIMEOUT_MS = 10_000;

export async function signPostbackToken(id: string, secretKey: string, expiresInSeconds: number) {
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  return new SignJWT({ id })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secretKey));
}

export async function buildPostback(
  invoice: EmulatedInvoice,
  ctx: WireContext,
  defaults: { format: PostbackFormat; secretKey: string },
  overrides: PostbackOverrides = {},
): Promise<BuiltPostback> {
  const token = await signPostbackToken(
    overrides.tokenInvoiceId ?? invoice.uuid,
    overrides.secretKey ?? defaults.secretKey,
    overrides.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS,
  );
  const fields = {
    status: "success",
    invoice_id: invoice.code,
    amount_crypto: receivedCrypto(invoice),
    currency: invoice.cryptoCurrency,
    order_id: invoice.orderId,
    token,
    invoice_info: invoiceView(invoice, ctx),
  };
  if ((overrides.format ?? defaults.format) === "json") {
    return { body: JSON.stringify(fields), contentType: "application/json" };
  }
  const form = new URLSearchParams({
    status: fields.status,
    invoice_id: fields.invoice_id,
    amount_crypto: String(fields.amount_crypto),
    currency: fields.currency,
    order_id: fields.order_id ?? "",
    token: fields.token,
    invoice_info: JSON.stringify(fields.invoice_info),
  });
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

/**
 * Delivers a postback and returns the receiver's HTTP status, or 0 when nothing answered
 * (refused, reset, or no reply within 10 s). Never throws: a dead app must not break the
 * emulator's hosted page or a test that only wants the state change.
 */
export async function sendPostback(url: string, postback: BuiltPostback): Promise<number> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": postback.contentType },
      body: postback.body,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    // Drain the body so the keep-alive socket is released rather than left half-read.
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  } catch {
    return 0;
  }
}

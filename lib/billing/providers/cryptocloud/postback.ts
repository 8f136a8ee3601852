import { createSecretKey, type KeyObject } from "node:crypto";
import { errors as joseErrors, jwtVerify } from "jose";
import { z } from "zod";
import { normalizeInvoiceId, type CryptoCloudConfig } from "@/lib/billing/providers/cryptocloud/api";
import type { DeliveryVerdict, RawDelivery } from "@/lib/billing/providers/types";

// A CryptoCloud postback arrives only after a payment, JSON or form-encoded (a per-project
// setting). Its `token` is a JWT (HS256, the project's SECRET KEY, valid 5 minutes, claim `id` =
// the invoice). The postback's own status and amounts are not signed, so after checking the token
// the worker asks merchant/info and trusts only that answer.

const postbackFields = z.object({
  invoice_id: z.string().min(1),
  token: z.string().min(1),
  order_id: z.string().optional(),
  amount_crypto: z.union([z.string(), z.number()]).optional(),
  currency: z.string().optional(),
});

/** The postback's fields from either encoding; null when it is neither. */
export function parsePostback(
  delivery: Pick<RawDelivery, "body" | "headers">,
): Record<string, unknown> | null {
  const type = delivery.headers.get("content-type") ?? "";
  const body = delivery.body.trim();
  if (
    type.includes("application/x-www-form-urlencoded") ||
    (!type.includes("json") && !body.startsWith("{"))
  ) {
    const form = new URLSearchParams(body);
    return form.size > 0 ? Object.fromEntries(form) : null;
  }
  try {
    const json: unknown = JSON.parse(body);
    return json && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** What CryptoCloud's merchant/info can report that moves a payment (see CRYPTOCLOUD_STATUS). */
const REPORTABLE = ["partially_paid", "completed", "expired"] as const;

export async function authenticatePostback(
  config: CryptoCloudConfig,
  delivery: RawDelivery,
): Promise<DeliveryVerdict> {
  const fields = postbackFields.safeParse(parsePostback(delivery));
  if (!fields.success)
    return {
      kind: "rejected",
      status: 400,
      reason: "malformed CryptoCloud postback (invoice_id and token are required)",
    };
  const invoice = normalizeInvoiceId(fields.data.invoice_id);

  let claimedInvoice: unknown;
  try {
    const { payload } = await jwtVerify(fields.data.token, verificationKey(config.secretKey), {
      algorithms: ["HS256"],
      requiredClaims: ["exp"],
      currentDate: delivery.receivedAt,
    });
    claimedInvoice = payload.id;
  } catch (error) {
    return { kind: "rejected", status: 401, reason: tokenProblem(error) };
  }
  if (typeof claimedInvoice !== "string" || normalizeInvoiceId(claimedInvoice) !== invoice) {
    return { kind: "rejected", status: 401, reason: "token was issued for another invoice" };
  }
  return {
    kind: "event",
    event: {
      eventId: null, // CryptoCloud has no event id; the transition table makes redeliveries no-ops
      payment: { providerRef: invoice },
      report: null, // the postback's status and amounts are not signed: the worker asks merchant/info
      annotations: {
        // Informational only (unsigned), shown on the timeline; money decisions use `received`.
        cryptoAmount: fields.data.amount_crypto === undefined ? null : String(fields.data.amount_crypto),
        cryptoCurrency: fields.data.currency ?? null,
      },
      moves: REPORTABLE,
    },
  };
}

// The key as a KeyObject, made once per secret: given raw bytes, jose imports a WebCrypto key on
// every verification (3% of the request's CPU in the webhook benchmark).
let cachedKey: { secret: string; key: KeyObject } | undefined;
function verificationKey(secret: string): KeyObject {
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createSecretKey(Buffer.from(secret, "utf8")) };
  return cachedKey.key;
}

function tokenProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "token expired";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "token algorithm not allowed";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "token signature invalid";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `token claim invalid (${error.claim})`;
  return "token malformed";
}

// The shared emulator HTTP helpers (sandbox/http.ts), plus what only CryptoCloud needs.
export {
  BodyTooLargeError,
  escapeHtml,
  headerRecord,
  parseJson,
  readBody,
  redirect,
  sendHtml,
  sendJson,
  type Parsed,
} from "../http";

/** `base` with `?order_id=…` added (kept intact when `base` already has a query string). */
export function withOrderId(base: string, orderId: string | null): string {
  const url = new URL(base);
  if (orderId !== null) url.searchParams.set("order_id", orderId);
  return url.toString();
}

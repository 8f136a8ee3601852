import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";

// A product buyer from Telegram has no account, so the page Stripe sends them back to can't ask
// them to sign in. Its URL carries a key derived from the order id with AUTH_SECRET instead: only
// the buyer's own return links have it, and it opens that one receipt and nothing else.

export function receiptKey(orderId: string): string {
  return createHmac("sha256", env().AUTH_SECRET)
    .update(`receipt:${orderId}`)
    .digest("base64url")
    .slice(0, 32);
}

export function isReceiptKey(orderId: string, key: string | undefined): boolean {
  if (!key) return false;
  const expected = Buffer.from(receiptKey(orderId));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

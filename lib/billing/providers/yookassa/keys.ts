import { createHash } from "node:crypto";

// Idempotence keys, derived from our order so that a retry (ours, after a timeout or a 500, or a
// second worker's) sends the same key with the same body and YooKassa answers with the object it
// already made. YooKassa keeps a key 24 hours and takes at most 64 characters.

const MAX_KEY_LENGTH = 64;

/** "pay-ord_…", "refund-ord_…-0-149000"; a hash of the same parts if that would run past 64. */
export function idempotenceKey(...parts: (string | number)[]): string {
  const key = parts.join("-");
  if (key.length <= MAX_KEY_LENGTH) return key;
  const digest = createHash("sha256").update(key).digest("hex");
  return `${String(parts[0])}-${digest}`.slice(0, MAX_KEY_LENGTH);
}

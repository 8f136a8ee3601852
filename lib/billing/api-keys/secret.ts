import { createHash, randomBytes } from "node:crypto";

// What an API key looks like and what of it we keep. A key is `bk_` + 32 random bytes in
// base64url (256 bits): nobody guesses one, so a fast SHA-256 is the right hash (a slow password
// hash protects low-entropy secrets; it would only slow every request down here).

export const API_KEY_PREFIX = "bk_";
/** How much of a key the admin list shows: `bk_` and 7 characters (42 of its 256 bits). */
export const DISPLAY_PREFIX_LENGTH = 10;

const KEY_FORMAT = /^bk_[A-Za-z0-9_-]{43}$/;

/** A new key. Shown once to whoever created it, never stored. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** The hex SHA-256 of the whole key: what the database stores and looks up. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Whether a token could be one of our keys; anything else is refused without a query. */
export function looksLikeApiKey(token: string): boolean {
  return KEY_FORMAT.test(token);
}

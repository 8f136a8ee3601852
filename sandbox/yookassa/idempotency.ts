// YooKassa's idempotence rule for POSTs (PROVIDERS.md; yookassa.ru/developers/using-api/basics):
// every POST carries an `Idempotence-Key` of at most 64 characters; a request repeated with the
// same key and the same body gets the first result again; the same key with another body (or
// another endpoint) is refused with 400 invalid_request "Idempotence key duplicated".
// Chosen here: every result but a 500 is kept for its key (YooKassa's advice is to retry a 500
// with the same key, and to fix a 4xx and send it under a new one), and keys never expire
// (YooKassa keeps them 24 h; no emulator lives that long). The effect of a request happens and
// its result is kept before the reply is sent, so a reply held by a "timeout" failure is replayed
// to the client's retry instead of the payment being made twice.
import { invalidRequest } from "./errors";

export const MAX_KEY_LENGTH = 64;

export interface SavedReply {
  status: number;
  body: unknown;
}

interface Entry extends SavedReply {
  request: string;
}

export class IdempotenceCache {
  private readonly saved = new Map<string, Entry>();

  /** Checks the header; the saved reply to replay, or undefined for a key not seen yet. */
  lookup(key: string | undefined, request: string): SavedReply | undefined {
    if (key === undefined || key === "") throw invalidRequest("Idempotence key is empty", "Idempotence-Key");
    if (key.length > MAX_KEY_LENGTH) {
      throw invalidRequest(
        `Idempotence key is too long: at most ${MAX_KEY_LENGTH} characters`,
        "Idempotence-Key",
      );
    }
    const entry = this.saved.get(key);
    if (!entry) return undefined;
    if (entry.request !== request) throw invalidRequest("Idempotence key duplicated", "Idempotence-Key");
    return { status: entry.status, body: entry.body };
  }

  save(key: string, request: string, reply: SavedReply): void {
    if (reply.status < 500) this.saved.set(key, { ...reply, request });
  }
}

/** The request a key is bound to: the endpoint and the body, whatever its key order or spacing. */
export function requestFingerprint(path: string, body: unknown): string {
  return `${path}\n${canonical(body)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// Stripe's idempotency layer for POSTs (docs.stripe.com/api/idempotent_requests): the first
// result for an `Idempotency-Key` is saved and replayed for any retry with the same endpoint
// and parameters (header `Idempotent-Replayed: true`); the same key with other parameters is a
// 400 idempotency_error; a retry while the first request still runs gets a 409.
// Chosen here: only successful (2xx) results are saved. Stripe also saves errors raised once
// the endpoint started executing; here a refused call can simply be repeated. Keys never expire
// (Stripe prunes them after 24 h; no emulator lives that long). stripe-node sends a key
// (`stripe-node-retry-<uuid>`) on every POST and reuses it on its own retries, so its retries of
// a timed-out create are replayed, never executed twice.
import { ApiError } from "./errors";

export interface SavedReply {
  status: number;
  body: unknown;
  requestId: string;
}

interface Entry extends SavedReply {
  path: string;
  params: string;
}

export const MAX_KEY_LENGTH = 255;

export class IdempotencyCache {
  private readonly saved = new Map<string, Entry>();
  private readonly running = new Set<string>();

  /** The saved reply to replay, undefined for a new key; throws for a misused key. */
  lookup(key: string, path: string, params: string): SavedReply | undefined {
    if (key.length > MAX_KEY_LENGTH) {
      throw new ApiError(
        400,
        "invalid_request_error",
        `Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long.`,
      );
    }
    if (this.running.has(key)) {
      throw new ApiError(
        409,
        "invalid_request_error",
        "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later.",
        { code: "idempotency_key_in_use" },
      );
    }
    const entry = this.saved.get(key);
    if (!entry) return undefined;
    const retry = `Try using a key other than '${key}' if you meant to execute a different request.`;
    if (entry.path !== path) {
      throw new ApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path}' vs '${entry.path}'). ${retry}`,
      );
    }
    if (entry.params !== params) {
      throw new ApiError(
        400,
        "idempotency_error",
        `Keys for idempotent requests can only be used with the same parameters they were first used with. ${retry}`,
      );
    }
    return { status: entry.status, body: entry.body, requestId: entry.requestId };
  }

  begin(key: string): void {
    this.running.add(key);
  }

  /** Ends a keyed request; a 2xx reply is kept for replays. */
  finish(key: string, path: string, params: string, reply: SavedReply): void {
    this.running.delete(key);
    if (reply.status >= 200 && reply.status < 300) this.saved.set(key, { ...reply, path, params });
  }

  abandon(key: string): void {
    this.running.delete(key);
  }
}

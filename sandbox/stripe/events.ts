// Stripe events as a webhook endpoint receives them.
//
// Confirmed by docs.stripe.com/webhooks and stripe-node's Webhooks.ts: the body is the JSON
// event `{id: "evt_…", object: "event", api_version, created, data: {object}, livemode,
// pending_webhooks, request: {id, idempotency_key}, type}`; the header is
// `Stripe-Signature: t=<unix>,v1=<hex>` where v1 = HMAC-SHA256 keyed with the whole endpoint
// secret ("whsec_…" included) over `${t}.${body}`; constructEvent accepts any matching v1 and
// refuses t older than 300 s. A resend carries the same id and body under a fresh t.
// Chosen here: the body is pretty-printed (two spaces) as Stripe's deliveries are, so a receiver
// that re-serializes JSON before verifying fails here as it would in production.
import { createHmac } from "node:crypto";
import Stripe from "stripe";

/** The version events are rendered in: the one the installed stripe-node pins. */
export const API_VERSION: string = Stripe.API_VERSION;

const SEND_TIMEOUT_MS = 10_000;

export interface EventDelivery {
  at: Date;
  status: number; // the receiver's HTTP status, 0 when nothing answered
}

export interface EventRecord {
  id: string;
  type: string;
  created: number;
  sessionId: string;
  body: string;
  deliveries: EventDelivery[];
}

export interface EventSource {
  id: string;
  type: string;
  created: number;
  object: unknown;
  /** The API request that caused the event (a refund); null for the customer's own actions. */
  request: { id: string; idempotencyKey: string | null } | null;
}

export function eventBody(source: EventSource): string {
  const event = {
    id: source.id,
    object: "event",
    api_version: API_VERSION,
    created: source.created,
    data: { object: source.object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: source.request?.id ?? null, idempotency_key: source.request?.idempotencyKey ?? null },
    type: source.type,
  };
  return JSON.stringify(event, null, 2);
}

export function sign(body: string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** `t=…,v1=…` plus any extra `v1` entries (a test's forged or rotated-secret signatures). */
export function signatureHeader(
  body: string,
  secret: string,
  timestamp: number,
  extraSignatures: readonly string[] = [],
): string {
  return [
    `t=${timestamp}`,
    `v1=${sign(body, secret, timestamp)}`,
    ...extraSignatures.map((s) => `v1=${s}`),
  ].join(",");
}

/**
 * POSTs an event and returns the receiver's status, or 0 when nothing answered (refused, reset,
 * or no reply within 10 s). Never throws: a dead app must not break the hosted page or a test
 * that only wants the state change. No automatic retries: tests re-send explicitly.
 */
export async function deliver(url: string, body: string, header: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": header,
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
      body,
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

export class EventLog {
  private readonly events = new Map<string, EventRecord>();

  add(record: EventRecord): void {
    this.events.set(record.id, record);
  }

  get(id: string): EventRecord | undefined {
    return this.events.get(id);
  }

  /** Copies, oldest first, for GET /_emulator/events. */
  list(): EventRecord[] {
    return [...this.events.values()].map((e) => ({ ...e, deliveries: e.deliveries.map((d) => ({ ...d })) }));
  }
}

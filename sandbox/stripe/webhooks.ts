// The emulator's webhook endpoint: every event it emits is logged (GET /_emulator/events),
// signed with the endpoint secret and, when a webhookUrl is set, delivered and awaited so the
// caller sees the app's HTTP status. Tests may also build events without sending them, forged
// with another secret, an old timestamp or extra signatures, and send those themselves.
import { deliver, type EventRecord, EventLog, eventBody, signatureHeader } from "./events";
import { EmulatorStateError, newId, type SessionRecord, unixNow } from "./model";
import { chargeObject } from "./wire-payment";
import { sessionObject } from "./wire";

export interface BuildOptions {
  eventId?: string;
  secret?: string;
  timestampOffsetSeconds?: number;
  extraSignatures?: string[];
}

/** The API request behind an event (a refund); null for the customer's own actions. */
export type RequestRef = { id: string; idempotencyKey: string | null } | null;

export class Webhooks {
  readonly log = new EventLog();

  constructor(private readonly options: { webhookSecret: string; webhookUrl?: string }) {}

  /** Builds, logs and (with a webhookUrl) delivers one event; null when it was not sent. */
  async emit(type: string, record: SessionRecord, request: RequestRef): Promise<number | null> {
    const id = newId("evt_");
    const created = unixNow();
    const body = eventBody({ id, type, created, object: objectFor(type, record), request });
    const event: EventRecord = { id, type, created, sessionId: record.id, body, deliveries: [] };
    this.log.add(event);
    return this.options.webhookUrl ? this.deliver(event) : null;
  }

  /** A resend is the same id and body under a fresh timestamp, as Stripe's retries are. */
  async resend(eventId: string): Promise<number> {
    const event = this.log.get(eventId);
    if (!event) throw new EmulatorStateError(`No such event: '${eventId}'`, "not-found");
    this.requireUrl();
    return this.deliver(event);
  }

  build(type: string, record: SessionRecord, options: BuildOptions = {}) {
    const id = options.eventId ?? newId("evt_");
    const body = eventBody({ id, type, created: unixNow(), object: objectFor(type, record), request: null });
    const t = unixNow() + (options.timestampOffsetSeconds ?? 0);
    const secret = options.secret ?? this.options.webhookSecret;
    return { id, body, signatureHeader: signatureHeader(body, secret, t, options.extraSignatures) };
  }

  send(event: { body: string; signatureHeader: string }): Promise<number> {
    return deliver(this.requireUrl(), event.body, event.signatureHeader);
  }

  private async deliver(event: EventRecord): Promise<number> {
    const header = signatureHeader(event.body, this.options.webhookSecret, unixNow());
    const status = await deliver(this.requireUrl(), event.body, header);
    event.deliveries.push({ at: new Date(), status });
    return status;
  }

  private requireUrl(): string {
    if (!this.options.webhookUrl) throw new EmulatorStateError("webhookUrl is not set", "conflict");
    return this.options.webhookUrl;
  }
}

/** `charge.*` events carry the session's charge; every other type carries the session. */
function objectFor(type: string, record: SessionRecord): unknown {
  if (!type.startsWith("charge.")) return sessionObject(record);
  if (!record.charge) throw new EmulatorStateError(`${record.id} has no charge yet`, "conflict");
  return chargeObject(record);
}

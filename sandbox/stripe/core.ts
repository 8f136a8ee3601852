// The emulator's shared state and the operations every surface needs: the programmatic handle
// (emulator.ts), the API (api.ts), the hosted page and the control endpoints all call these, so
// "pay" means the same thing whether a test, Playwright or curl triggers it. Each customer
// action is one state change followed by its event, awaited so callers see the app's answer.
import { FailureQueue, type RecordedRequest, Timers } from "../faults";
import { IdempotencyCache } from "./idempotency";
import {
  type EmulatedSession,
  EmulatorStateError,
  type RefundRecord,
  type SessionRecord,
  snapshot,
  unixNow,
} from "./model";
import { refund, type RefundDone, type RefundInput } from "./refunds";
import { type NewSession, SessionStore } from "./sessions";
import { type BuildOptions, type RequestRef, Webhooks } from "./webhooks";

export type { BuildOptions } from "./webhooks";
export type { FailMode, RecordedRequest } from "../faults";

export interface ResolvedOptions {
  secretKey: string;
  webhookSecret: string;
  webhookUrl?: string;
  refundEventTiming: "before-response" | "after-response";
}

export interface Outcome {
  session: EmulatedSession;
  eventStatus: number | null;
}

export class StripeCore {
  readonly sessions = new SessionStore();
  readonly refunds: RefundRecord[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly idempotency = new IdempotencyCache();
  /** Set once the server listens (the port is only known then). */
  url = "";
  readonly faults = new FailureQueue();
  readonly timers = new Timers();
  readonly webhooks: Webhooks;

  constructor(readonly options: ResolvedOptions) {
    this.webhooks = new Webhooks(options);
  }

  /** Creates a session and arms its deadline: at `expires_at` it expires and the event goes out. */
  createSession(input: NewSession): SessionRecord {
    const record = this.sessions.create(input, this.url);
    this.timers.later(() => void this.sweep(record.id), record.expiresAt * 1000 - Date.now() + 1000);
    return record;
  }

  pay = (id: string) => this.act(id, () => this.sessions.pay(id), "checkout.session.completed");
  payAsync = (id: string) => this.act(id, () => this.sessions.payLater(id), "checkout.session.completed");
  expire = (id: string) => this.act(id, () => this.sessions.expire(id), "checkout.session.expired");
  settle = (id: string, outcome: "succeeded" | "failed") =>
    this.act(id, () => this.sessions.settle(id, outcome), `checkout.session.async_payment_${outcome}`);

  private async act(id: string, change: () => SessionRecord, type: string): Promise<Outcome> {
    await this.sweep(id);
    const record = change();
    return { session: snapshot(record), eventStatus: await this.webhooks.emit(type, record, null) };
  }

  /** An open session past its deadline expires (with its event) before anything else happens to it. */
  private async sweep(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (session?.status === "open" && session.expiresAt <= unixNow()) {
      await this.webhooks.emit("checkout.session.expired", this.sessions.expire(id), null);
    }
  }

  /** Books a refund; notifyRefund sends its charge.refunded (routes.ts decides when). */
  refund(input: RefundInput): RefundDone {
    const done = refund(this.sessions, input);
    this.refunds.push(done.refund);
    return done;
  }

  notifyRefund(done: RefundDone, request: RequestRef): Promise<number | null> {
    return this.webhooks.emit("charge.refunded", done.session, request);
  }

  buildEvent(type: string, sessionId: string, options?: BuildOptions) {
    return this.webhooks.build(type, this.requireRecord(sessionId), options);
  }

  requireRecord(id: string): SessionRecord {
    const record = this.sessions.record(id);
    if (!record) throw new EmulatorStateError(`No such checkout.session: '${id}'`, "not-found");
    return record;
  }
}

// In-memory Checkout Session state: creation and the transitions a customer causes (pay, pay
// later, settle, let expire) plus refunds against the payment. The API, the hosted page and
// the control endpoints all go through this store, so the three views can never disagree.
import {
  type EmulatedSession,
  EmulatorStateError,
  type LineItem,
  newId,
  type SessionRecord,
  snapshot,
  unixNow,
} from "./model";

export interface NewSession {
  lineItems: LineItem[];
  currency: string;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  paymentIntentMetadata: Record<string, string>;
  customerEmail: string | null;
  successUrl: string;
  cancelUrl: string;
  expiresAt: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly byIntent = new Map<string, string>();

  create(input: NewSession, baseUrl: string): SessionRecord {
    const id = newId("cs_test_", 58);
    const record: SessionRecord = {
      ...input,
      id,
      status: "open",
      paymentStatus: "unpaid",
      amountTotal: input.lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0),
      paymentIntent: null,
      url: `${baseUrl}/c/pay/${id}`,
      created: unixNow(),
      asyncPayment: null,
      amountRefunded: 0,
      charge: null,
    };
    this.sessions.set(id, record);
    return structuredClone(record);
  }

  get(id: string): EmulatedSession | undefined {
    const record = this.sessions.get(id);
    return record && snapshot(record);
  }

  /** A copy of the full record, for building wire objects. */
  record(id: string): SessionRecord | undefined {
    const record = this.sessions.get(id);
    return record && structuredClone(record);
  }

  list(): EmulatedSession[] {
    return [...this.sessions.values()].map(snapshot);
  }

  /** The newest session for an order (an app may open a second one after an expired attempt). */
  findByClientReference(ref: string): EmulatedSession | undefined {
    return this.list().findLast((session) => session.clientReferenceId === ref);
  }

  findByPaymentIntent(paymentIntent: string): SessionRecord | undefined {
    const id = this.byIntent.get(paymentIntent);
    return id === undefined ? undefined : this.record(id);
  }

  findByCharge(chargeId: string): SessionRecord | undefined {
    const record = [...this.sessions.values()].find((session) => session.charge?.id === chargeId);
    return record && structuredClone(record);
  }

  /** A card payment: the session completes and is paid at once. */
  pay(id: string): SessionRecord {
    const record = this.requireOpen(id, "paid");
    this.startIntent(record);
    record.status = "complete";
    record.paymentStatus = "paid";
    record.charge = { id: newId("ch_"), created: unixNow(), method: "card" };
    return structuredClone(record);
  }

  /** A delayed method (bank debit): the session completes now, the money arrives later (or not). */
  payLater(id: string): SessionRecord {
    const record = this.requireOpen(id, "paid");
    this.startIntent(record);
    record.status = "complete";
    record.paymentStatus = "unpaid";
    record.asyncPayment = "pending";
    return structuredClone(record);
  }

  settle(id: string, outcome: "succeeded" | "failed"): SessionRecord {
    const record = this.require(id);
    if (record.asyncPayment !== "pending") {
      throw new EmulatorStateError(`${id} has no delayed payment waiting to settle`, "conflict");
    }
    record.asyncPayment = outcome;
    if (outcome === "succeeded") {
      record.paymentStatus = "paid";
      record.charge = { id: newId("py_"), created: unixNow(), method: "us_bank_account" };
    }
    return structuredClone(record);
  }

  expire(id: string): SessionRecord {
    const record = this.requireOpen(id, "expired");
    record.status = "expired";
    return structuredClone(record);
  }

  /** Books a refund against the session's charge; the caller has checked the amount. */
  addRefunded(id: string, amount: number): SessionRecord {
    const record = this.require(id);
    record.amountRefunded += amount;
    return structuredClone(record);
  }

  private startIntent(record: SessionRecord): void {
    record.paymentIntent = newId("pi_");
    this.byIntent.set(record.paymentIntent, record.id);
  }

  private require(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw new EmulatorStateError(`No such checkout.session: '${id}'`, "not-found");
    return record;
  }

  private requireOpen(id: string, becoming: string): SessionRecord {
    const record = this.require(id);
    if (record.status !== "open") {
      throw new EmulatorStateError(`${id} is ${record.status}; it cannot be ${becoming}`, "conflict");
    }
    return record;
  }
}

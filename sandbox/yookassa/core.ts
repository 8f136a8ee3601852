// The emulator's shared state and the operations every surface needs: the programmatic handle
// (emulator.ts), the API (api.ts → routes.ts), the hosted page and the control endpoints all call
// these, so "pay" means the same thing whether a test, Playwright or curl triggers it. Each of the
// buyer's actions is one state change followed by its notification, awaited so that callers see
// the app's answer.
import { FailureQueue, type RecordedRequest, Timers } from "../faults";
import { IdempotenceCache } from "./idempotency";
import { type Cancellation, type EmulatedPayment, type EmulatedRefund, EmulatorStateError } from "./model";
import {
  type BuiltNotification,
  deliver,
  eventFor,
  type NotificationEvent,
  paymentNotification,
  type PaymentEvent,
  refundNotification,
  type SentNotification,
} from "./notifications";
import type { NewPayment, NewRefund } from "./requests";
import { PaymentStore } from "./store";

export type { FailMode, RecordedRequest } from "../faults";

export interface ResolvedOptions {
  shopId: string;
  secretKey: string;
  notificationUrl?: string;
  /** The shop sends receipts (54-FZ): payments and refunds without one are refused. */
  receipts: boolean;
}

export interface Outcome {
  payment: EmulatedPayment;
  /** The app's HTTP status for the notification, 0 when it did not answer, null without a URL. */
  notificationStatus: number | null;
}

export class YooKassaCore {
  readonly store = new PaymentStore();
  readonly requests: RecordedRequest[] = [];
  readonly idempotence = new IdempotenceCache();
  readonly notifications: SentNotification[] = [];
  /** Set once the server listens (the port is only known then). */
  url = "";
  readonly faults = new FailureQueue();
  readonly timers = new Timers();

  constructor(readonly options: ResolvedOptions) {}

  createPayment(input: NewPayment): EmulatedPayment {
    return this.store.create(input, (id) => `${this.url}/checkout/${id}`);
  }

  /** The buyer pays on the confirmation page; YooKassa notifies (unless told not to, for tests). */
  async pay(id: string, options: { notify?: boolean } = {}): Promise<Outcome> {
    const payment = this.store.pay(id);
    return { payment, notificationStatus: options.notify === false ? null : await this.notify(id) };
  }

  async decline(id: string, reason: string, party?: Cancellation["party"]): Promise<Outcome> {
    const payment = this.store.decline(id, reason, party);
    return { payment, notificationStatus: await this.notify(id) };
  }

  /** The merchant's cancel of a payment waiting for capture (the API's POST /payments/{id}/cancel). */
  cancel(id: string): { payment: EmulatedPayment; notify: () => Promise<number | null> } {
    const before = this.store.get(id)?.status;
    const payment = this.store.cancel(id);
    // Canceling one already canceled changes nothing, and notifies nothing.
    return { payment, notify: () => (before === "canceled" ? Promise.resolve(null) : this.notify(id)) };
  }

  refund(input: NewRefund): { refund: EmulatedRefund; notify: () => Promise<number | null> } {
    const { refund } = this.store.refund(input);
    return { refund, notify: () => this.send(refundNotification(refund), refund.id) };
  }

  /** Sends the notification for the payment's current state (a redelivery, to YooKassa's receiver). */
  async notify(id: string, event?: PaymentEvent): Promise<number | null> {
    return this.send(this.buildNotification(id, event), id);
  }

  buildNotification(
    id: string,
    event?: PaymentEvent,
    overrides?: Record<string, unknown>,
  ): BuiltNotification {
    const payment = this.requirePayment(id);
    const chosen = event ?? eventFor(payment);
    if (!chosen)
      throw new EmulatorStateError(`Payment ${id} is pending: YooKassa notifies nothing yet`, "conflict");
    return paymentNotification(chosen, payment, this.options.shopId, overrides);
  }

  buildRefundNotification(refundId: string): BuiltNotification {
    const refund = this.store.getRefund(refundId);
    if (!refund) throw new EmulatorStateError(`Refund ${refundId} not found`, "not-found");
    return refundNotification(refund);
  }

  /** Delivers (and logs) a notification; null when no notification URL is configured. */
  async send(notification: BuiltNotification, objectId = ""): Promise<number | null> {
    const { notificationUrl } = this.options;
    const status = notificationUrl ? await deliver(notificationUrl, notification.body) : null;
    this.notifications.push({ ...notification, objectId, at: new Date(), status });
    return status;
  }

  requirePayment(id: string): EmulatedPayment {
    const payment = this.store.get(id);
    if (!payment) throw new EmulatorStateError(`Payment ${id} not found`, "not-found");
    return payment;
  }
}

export type { NotificationEvent, PaymentEvent };

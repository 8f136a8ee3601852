// In-memory state of the YooKassa emulator: payments and refunds. Everything the API, the hosted
// page and the control endpoints do to a payment goes through this store, so they can never
// disagree. The rules are YooKassa's: a pending payment is paid or declined by the buyer; a paid
// one succeeds at once (capture: true) or waits for capture, and only then may the merchant
// cancel it; only a succeeded payment is refunded, in parts if need be, never beyond its amount.
import { formatAmount } from "./money";
import {
  type Cancellation,
  DECLINE_REASONS,
  type EmulatedPayment,
  type EmulatedRefund,
  EmulatorStateError,
  newId,
  refundSnapshot,
  snapshot,
} from "./model";
import type { NewPayment, NewRefund } from "./requests";
import { invalidRequest, ApiError } from "./errors";

export class PaymentStore {
  private readonly payments = new Map<string, EmulatedPayment>();
  private readonly refunds = new Map<string, EmulatedRefund>();

  create(input: NewPayment, pageUrl: (id: string) => string): EmulatedPayment {
    const id = newId("payment");
    const payment: EmulatedPayment = {
      id,
      status: "pending",
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      metadata: { ...input.metadata },
      capture: input.capture,
      returnUrl: input.returnUrl,
      confirmationUrl: pageUrl(id),
      createdAt: new Date(),
      capturedAt: null,
      refunded: 0,
      cancellation: null,
      receipt: input.receipt,
    };
    this.payments.set(id, payment);
    return snapshot(payment);
  }

  get(id: string): EmulatedPayment | undefined {
    const payment = this.payments.get(id);
    return payment && snapshot(payment);
  }

  /** Newest first, as YooKassa lists them. */
  list(): EmulatedPayment[] {
    return [...this.payments.values()].reverse().map(snapshot);
  }

  /** The newest payment made for our order id (`metadata.order_id`). */
  findByOrderId(orderId: string): EmulatedPayment | undefined {
    return this.list().find((payment) => payment.metadata.order_id === orderId);
  }

  /** The buyer pays: succeeded at once with capture, else waiting for the merchant's capture. */
  pay(id: string): EmulatedPayment {
    const payment = this.require(id);
    if (payment.status !== "pending") {
      throw new EmulatorStateError(`Payment ${id} is ${payment.status}; it cannot be paid`, "conflict");
    }
    if (payment.capture) {
      payment.status = "succeeded";
      payment.capturedAt = new Date();
    } else {
      payment.status = "waiting_for_capture";
    }
    return snapshot(payment);
  }

  /** The buyer's bank (or YooKassa) declines it, for one of DECLINE_REASONS. */
  decline(id: string, reason: string, party?: Cancellation["party"]): EmulatedPayment {
    const payment = this.require(id);
    const defaultParty = DECLINE_REASONS[reason];
    if (!defaultParty) {
      throw new EmulatorStateError(
        `reason must be one of ${Object.keys(DECLINE_REASONS).join(", ")}`,
        "invalid",
      );
    }
    if (payment.status !== "pending" && payment.status !== "waiting_for_capture") {
      throw new EmulatorStateError(`Payment ${id} is ${payment.status}; it cannot be declined`, "conflict");
    }
    payment.status = "canceled";
    payment.cancellation = { party: party ?? defaultParty, reason };
    return snapshot(payment);
  }

  /** `POST /payments/{id}/cancel`: only while it waits for capture; a canceled one stays canceled. */
  cancel(id: string): EmulatedPayment {
    const payment = this.requireForApi(id);
    if (payment.status === "canceled") return snapshot(payment);
    if (payment.status !== "waiting_for_capture") {
      throw invalidRequest(
        `Payment has status ${payment.status}; only a payment in waiting_for_capture can be canceled`,
        "payment_id",
      );
    }
    payment.status = "canceled";
    payment.cancellation = { party: "merchant", reason: "canceled_by_merchant" };
    return snapshot(payment);
  }

  /** `POST /refunds`: a succeeded payment, at most what is left of it. */
  refund(input: NewRefund): { refund: EmulatedRefund; payment: EmulatedPayment } {
    const payment = this.payments.get(input.paymentId);
    if (!payment) throw new ApiError("not_found", "Payment not found or forbidden", "payment_id");
    if (payment.status !== "succeeded") {
      throw invalidRequest(
        `Payment has status ${payment.status}; only a succeeded payment can be refunded`,
        "payment_id",
      );
    }
    if (input.currency !== payment.currency) {
      throw invalidRequest("Refund currency differs from the payment's", "amount.currency");
    }
    const left = payment.amount - payment.refunded;
    if (input.amount > left) {
      throw invalidRequest(
        `Refund amount exceeds what is left to refund (${formatAmount(left)} ${payment.currency})`,
        "amount.value",
      );
    }
    payment.refunded += input.amount;
    const refund: EmulatedRefund = {
      id: newId("refund"),
      paymentId: payment.id,
      status: "succeeded",
      amount: input.amount,
      currency: input.currency,
      description: input.description,
      receipt: input.receipt,
      createdAt: new Date(),
    };
    this.refunds.set(refund.id, refund);
    return { refund: refundSnapshot(refund), payment: snapshot(payment) };
  }

  getRefund(id: string): EmulatedRefund | undefined {
    const refund = this.refunds.get(id);
    return refund && refundSnapshot(refund);
  }

  listRefunds(): EmulatedRefund[] {
    return [...this.refunds.values()].map(refundSnapshot);
  }

  private require(id: string): EmulatedPayment {
    const payment = this.payments.get(id);
    if (!payment) throw new EmulatorStateError(`Payment ${id} not found`, "not-found");
    return payment;
  }

  private requireForApi(id: string): EmulatedPayment {
    const payment = this.payments.get(id);
    if (!payment) throw new ApiError("not_found", "Payment not found or forbidden", "payment_id");
    return payment;
  }
}

// The notifications YooKassa POSTs to the shop's notification URL: JSON
// `{"type": "notification", "event": "payment.succeeded", "object": {…the full object…}}`, unsigned
// (API v3). Authentic only by their source address: the emulator sends from this machine
// (127.0.0.1, or ::1 when the URL's host resolves to it), which is why the app under the emulator
// has YOOKASSA_ALLOWED_IPS=127.0.0.1,::1. YooKassa redelivers anything but a 200 for 24 hours;
// the emulator does not retry on its own: tests and the control endpoint re-send explicitly.
import type { EmulatedPayment, EmulatedRefund } from "./model";
import { paymentObject, refundObject } from "./wire";

export type PaymentEvent = "payment.succeeded" | "payment.waiting_for_capture" | "payment.canceled";
export type NotificationEvent = PaymentEvent | "refund.succeeded";

export interface BuiltNotification {
  event: NotificationEvent;
  body: string;
}

export interface SentNotification extends BuiltNotification {
  objectId: string;
  at: Date;
  /** The receiver's HTTP status, 0 when nothing answered; null when no URL is configured. */
  status: number | null;
}

const SEND_TIMEOUT_MS = 10_000;

/** The event a payment's current state is notified with; null for a pending one (never notified). */
export function eventFor(payment: EmulatedPayment): PaymentEvent | null {
  switch (payment.status) {
    case "succeeded":
      return "payment.succeeded";
    case "waiting_for_capture":
      return "payment.waiting_for_capture";
    case "canceled":
      return "payment.canceled";
    case "pending":
      return null;
  }
}

export function paymentNotification(
  event: PaymentEvent,
  payment: EmulatedPayment,
  shopId: string,
  /** Fields written over the object, for tests that forge a notification's claims. */
  overrides: Record<string, unknown> = {},
): BuiltNotification {
  const object = { ...paymentObject(payment, shopId), ...overrides };
  return { event, body: JSON.stringify({ type: "notification", event, object }) };
}

export function refundNotification(refund: EmulatedRefund): BuiltNotification {
  const event = "refund.succeeded" as const;
  return { event, body: JSON.stringify({ type: "notification", event, object: refundObject(refund) }) };
}

/**
 * POSTs a notification and returns the receiver's status, or 0 when nothing answered (refused,
 * reset, or no reply within 10 s). Never throws: a dead app must not break the hosted page or a
 * test that only wants the state change.
 */
export async function deliver(url: string, body: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "YooKassa (emulator)" },
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

import { z } from "zod";
import type { DeliveryVerdict, RawDelivery } from "@/lib/billing/providers/types";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { notificationEnvelope } from "@/lib/billing/providers/yookassa/wire";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

// A YooKassa notification: `{"type": "notification", "event", "object": {…}}`, unsigned in API
// v3. It is authentic only by where it comes from (YOOKASSA_ALLOWED_IPS, matched against the
// client address lib/http/client-address.ts works out, which believes X-Forwarded-For only from
// TRUSTED_PROXIES), and even then only says which payment to look at: the worker re-fetches the
// payment (GET /payments/{id}) and applies that answer alone, so nothing in the body is trusted.

/** The body as JSON, or null; shared by recognising and authenticating. */
function parseBody(body: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(body);
    return json && typeof json === "object" && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Shaped like a YooKassa notification: JSON with `"type": "notification"` and an event. */
export function recognisesNotification(delivery: Pick<RawDelivery, "body" | "headers">): boolean {
  if (!delivery.body.includes("notification")) return false; // most deliveries are not ours: skip the parse
  const json = parseBody(delivery.body);
  return json?.type === "notification" && typeof json.event === "string";
}

const paymentFields = z.object({ id: z.string().min(1), status: z.string().min(1) });
const refundFields = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  payment_id: z.string().min(1),
});

/**
 * What each event's re-fetch can move a payment to. The worker asks for the payment's state now,
 * which may be later than the event: a succeeded payment may since have been refunded. `refunded`
 * being among them keeps a `completed` payment open to the event (completed → refunded is
 * allowed), so a refund notification is queued and re-fetched while the payment is completed,
 * which a partial refund leaves it; the apply path then records the refunded amount. Only
 * payment.canceled can report nothing but a failure, so a payment already paid is settled for it.
 */
const PAYMENT_MOVES: Record<string, readonly PaymentStatus[]> = {
  "payment.succeeded": ["completed", "refunded"],
  "payment.waiting_for_capture": ["completed", "failed", "refunded"],
  "payment.canceled": ["failed"],
};
/** A refund may also be the first we hear of a payment (its payment.succeeded lost): it completes it. */
const REFUND_MOVES: readonly PaymentStatus[] = ["completed", "refunded"];

export function authenticateNotification(config: YooKassaConfig, delivery: RawDelivery): DeliveryVerdict {
  if (!config.allowlist.allows(delivery.clientAddress)) {
    return {
      kind: "rejected",
      status: 403,
      reason: delivery.clientAddress
        ? `notification from ${delivery.clientAddress}, which is not among YOOKASSA_ALLOWED_IPS`
        : "notification from an unknown address (behind a proxy, TRUSTED_PROXIES must name it)",
    };
  }
  const envelope = notificationEnvelope.safeParse(parseBody(delivery.body));
  if (!envelope.success) {
    // From YooKassa's address but unusable: acknowledged (recorded), so it is not redelivered for 24 h.
    return {
      kind: "ignored",
      eventId: null,
      reason: "YooKassa notification without a type, an event or an object",
    };
  }
  const { event, object } = envelope.data;

  if (event === "refund.succeeded") {
    const refund = refundFields.safeParse(object);
    if (!refund.success) return malformed(event);
    return {
      kind: "event",
      event: {
        // Each refund is its own event: a second partial refund of a payment is news.
        eventId: `${event}:${refund.data.id}:${refund.data.status}`,
        // The refund only names the payment; its refunded total comes from re-fetching that.
        payment: { providerRef: refund.data.payment_id },
        report: null,
        moves: REFUND_MOVES,
      },
    };
  }
  const payment = paymentFields.safeParse(object);
  if (!payment.success) return malformed(event);
  // YooKassa's notifications carry no id of their own: the event, the object and its status name
  // one, so a redelivery of it is a duplicate and the same payment's later events are not.
  const eventId = `${event}:${payment.data.id}:${payment.data.status}`;
  const moves = PAYMENT_MOVES[event];
  if (!moves) return { kind: "ignored", eventId, reason: `event ${event} is not used` };
  return {
    kind: "event",
    event: { eventId, payment: { providerRef: payment.data.id }, report: null, moves },
  };
}

function malformed(event: string): DeliveryVerdict {
  return { kind: "ignored", eventId: null, reason: `YooKassa ${event} notification with a malformed object` };
}

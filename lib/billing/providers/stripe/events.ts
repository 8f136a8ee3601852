import Stripe from "stripe";
import { stripeClient, type StripeConfig } from "@/lib/billing/providers/stripe/client";
import { sessionReport } from "@/lib/billing/providers/stripe/sessions";
import type { DeliveryVerdict, RawDelivery } from "@/lib/billing/providers/types";

// A Stripe event: authenticated by its Stripe-Signature header (HMAC-SHA256 of `${t}.${raw body}`
// with the endpoint secret; any matching v1 passes, so a secret rotation works; t at most 300 s
// old), all of which constructEvent checks. Signed events are trusted as they are: no re-fetch.

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function verifyStripeEvent(
  config: StripeConfig,
  delivery: RawDelivery,
  receivedAt?: Date,
): DeliveryVerdict {
  const header = delivery.headers.get("stripe-signature");
  if (!header) return { ok: false, status: 400, reason: "Stripe-Signature header missing" };
  let event: Stripe.Event;
  try {
    event = stripeClient(config).webhooks.constructEvent(
      delivery.body,
      header,
      config.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      receivedAt?.getTime(),
    );
  } catch (error) {
    return { ok: false, status: 400, reason: signatureProblem(error) };
  }
  return eventVerdict(event);
}

/** What one authentic event means for our payment (PROVIDERS.md, "Mapping"). */
function eventVerdict(event: Stripe.Event): DeliveryVerdict {
  const eventId = event.id;
  const report = (session: Stripe.Checkout.Session, state: SessionState): DeliveryVerdict => ({
    ok: true,
    eventId,
    report: sessionReport(session, { ...state, providerStatus: event.type }),
  });
  // Stripe has hundreds of event types; these are the ones that move a payment.
  if (event.type === "checkout.session.completed") {
    const session = event.data.object;
    // Complete but unpaid: a delayed method (a bank debit) is processing; the outcome comes as
    // async_payment_succeeded or _failed.
    if (session.payment_status !== "paid") {
      return {
        ok: true,
        eventId,
        ignored: `session complete, payment ${session.payment_status}: awaiting the async result`,
      };
    }
    return report(session, { status: "completed" });
  }
  if (event.type === "checkout.session.async_payment_succeeded") {
    return report(event.data.object, { status: "completed" });
  }
  if (event.type === "checkout.session.async_payment_failed") {
    return report(event.data.object, {
      status: "failed",
      failureReason: "The delayed payment failed at the bank",
    });
  }
  if (event.type === "checkout.session.expired") return report(event.data.object, { status: "expired" });
  if (event.type === "charge.refunded") return chargeRefunded(eventId, event.data.object);
  // Acknowledged so Stripe doesn't retry (or disable the endpoint), and kept in the delivery log.
  return { ok: true, eventId, ignored: `event type ${event.type} is not used` };
}

type SessionState = { status: "completed" | "failed" | "expired"; failureReason?: string };

function chargeRefunded(eventId: string, charge: Stripe.Charge): DeliveryVerdict {
  const orderId = charge.metadata.order_id;
  if (!orderId) return { ok: true, eventId, ignored: "refunded charge carries no order_id" };
  // A partial refund leaves the payment paid; only the whole amount back makes it refunded.
  if (!charge.refunded) {
    return {
      ok: true,
      eventId,
      ignored: `partial refund of ${charge.amount_refunded} of ${charge.amount} (minor units)`,
    };
  }
  return {
    ok: true,
    eventId,
    report: {
      provider: "stripe",
      providerRef: null,
      orderId,
      status: "refunded",
      providerStatus: "charge.refunded",
      currency: charge.currency.toUpperCase(),
      amountReceived: null,
    },
  };
}

function signatureProblem(error: unknown): string {
  if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) return "event unreadable";
  // The SDK's messages distinguish the cases without echoing the secret or the signatures.
  if (/timestamp outside the tolerance/i.test(error.message)) {
    return `signature timestamp older than ${SIGNATURE_TOLERANCE_SECONDS} s`;
  }
  if (/unable to extract|expected scheme/i.test(error.message)) return "Stripe-Signature header malformed";
  if (/no webhook payload/i.test(error.message)) return "empty body";
  return "signature does not match";
}

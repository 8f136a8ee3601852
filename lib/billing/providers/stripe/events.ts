import Stripe from "stripe";
import { z } from "zod";
import { stripeClient, type StripeConfig } from "@/lib/billing/providers/stripe/client";
import { sessionReport } from "@/lib/billing/providers/stripe/sessions";
import type { DeliveryVerdict, ProviderReport, RawDelivery } from "@/lib/billing/providers/types";

// A Stripe event: authenticated by its Stripe-Signature header (HMAC-SHA256 of `${t}.${raw body}`
// with the endpoint secret; any matching v1 passes, so a secret rotation works; t at most 300 s
// old), all of which constructEvent checks. Signed events are trusted as they are: no re-fetch.
// constructEvent checks the signature and parses JSON, nothing more: a signed event whose object
// is not shaped as documented is authentic but unusable, so it is ignored (recorded, 200), never a
// 500 that Stripe would retry for three days.

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function authenticateStripeEvent(config: StripeConfig, delivery: RawDelivery): DeliveryVerdict {
  const header = delivery.headers.get("stripe-signature");
  if (!header) return { kind: "rejected", status: 400, reason: "Stripe-Signature header missing" };
  let event: Stripe.Event;
  try {
    event = stripeClient(config).webhooks.constructEvent(
      delivery.body,
      header,
      config.webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      delivery.receivedAt.getTime(),
    );
  } catch (error) {
    return { kind: "rejected", status: 400, reason: signatureProblem(error) };
  }
  const envelope = eventEnvelope.safeParse(event);
  if (!envelope.success) {
    const eventId = typeof (event as { id?: unknown }).id === "string" ? event.id : null;
    return { kind: "ignored", eventId, reason: "signed event without an id, a type or data.object" };
  }
  return eventVerdict(envelope.data);
}

const eventEnvelope = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

/** The fields of a Checkout Session that we read, as Stripe documents them. */
const checkoutSession = z.object({
  id: z.string().min(1),
  amount_total: z.number().int().nonnegative().nullable(),
  currency: z.string().length(3).nullable(),
  payment_status: z.string(),
});

const refundedCharge = z.object({
  metadata: z.record(z.string(), z.string()).default({}),
  refunded: z.boolean(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string().length(3),
});

type Envelope = z.infer<typeof eventEnvelope>;

/** What one authentic event means for our payment (PROVIDERS.md, "Mapping"). */
function eventVerdict(event: Envelope): DeliveryVerdict {
  const eventId = event.id;
  // Stripe has hundreds of event types; these are the ones that move a payment.
  const session = (state: SessionState): DeliveryVerdict => {
    const parsed = checkoutSession.safeParse(event.data.object);
    if (!parsed.success) return malformed(eventId, event.type, parsed.error);
    if (event.type === "checkout.session.completed" && parsed.data.payment_status !== "paid") {
      // Complete but unpaid: a delayed method (a bank debit) is processing; the outcome comes as
      // async_payment_succeeded or _failed.
      return {
        kind: "ignored",
        eventId,
        reason: `session complete, payment ${parsed.data.payment_status}: awaiting the async result`,
      };
    }
    const report = sessionReport(parsed.data, { ...state, providerStatus: event.type });
    return {
      kind: "event",
      event: { eventId, payment: { providerRef: parsed.data.id }, report, moves: [report.status] },
    };
  };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return session({ status: "completed" });
    case "checkout.session.async_payment_failed":
      return session({ status: "failed", failureReason: "The delayed payment failed at the bank" });
    case "checkout.session.expired":
      return session({ status: "expired" });
    case "charge.refunded":
      return chargeRefunded(eventId, event.data.object);
    default:
      // Acknowledged so Stripe doesn't retry (or disable the endpoint), and kept in the delivery log.
      return { kind: "ignored", eventId, reason: `event type ${event.type} is not used` };
  }
}

type SessionState = Pick<ProviderReport, "status" | "failureReason">;

function chargeRefunded(eventId: string, object: unknown): DeliveryVerdict {
  const parsed = refundedCharge.safeParse(object);
  if (!parsed.success) return malformed(eventId, "charge.refunded", parsed.error);
  const charge = parsed.data;
  const orderId = charge.metadata.order_id;
  if (!orderId) return { kind: "ignored", eventId, reason: "refunded charge carries no order_id" };
  // A partial refund leaves the payment paid; only the whole amount back makes it refunded.
  if (!charge.refunded) {
    return {
      kind: "ignored",
      eventId,
      reason: `partial refund of ${charge.amount_refunded} of ${charge.amount} (minor units)`,
    };
  }
  return {
    kind: "event",
    event: {
      eventId,
      payment: { orderId },
      report: {
        provider: "stripe",
        providerRef: null,
        orderId,
        status: "refunded",
        providerStatus: "charge.refunded",
        currency: charge.currency.toUpperCase(),
        amountReceived: null,
      },
      moves: ["refunded"],
    },
  };
}

function malformed(eventId: string, type: string, error: z.ZodError): DeliveryVerdict {
  const fields = [...new Set(error.issues.map((issue) => issue.path.join(".") || "(object)"))].join(", ");
  return { kind: "ignored", eventId, reason: `signed ${type} with a malformed object (${fields})` };
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

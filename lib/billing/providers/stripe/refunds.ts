import Stripe from "stripe";
import { stripeClient, stripeFailure, type StripeConfig } from "@/lib/billing/providers/stripe/client";
import type { ProviderReport, RefundRequest } from "@/lib/billing/providers/types";

// A whole refund of a Checkout payment: Stripe refunds the session's PaymentIntent. The
// Idempotency-Key is per order, so two admins (or a retry) asking at once make one refund.

export async function refundSession(config: StripeConfig, request: RefundRequest): Promise<ProviderReport> {
  const stripe = stripeClient(config);
  let intent: string | null;
  try {
    const session = await stripe.checkout.sessions.retrieve(request.providerRef);
    intent =
      typeof session.payment_intent === "string"
        ? session.payment_intent
        : (session.payment_intent?.id ?? null);
  } catch (error) {
    throw stripeFailure("look up the checkout session", error);
  }
  if (!intent) throw stripeFailure("refund", new Error("the session has no payment"));

  let status: string;
  try {
    const refund = await stripe.refunds.create(
      { payment_intent: intent, metadata: { order_id: request.orderId } },
      { idempotencyKey: `refund-${request.orderId}` },
    );
    status = refund.status ?? "pending";
  } catch (error) {
    // Refunded already (by an earlier request or in Stripe's dashboard): the outcome we wanted.
    if (
      error instanceof Stripe.errors.StripeInvalidRequestError &&
      error.code === "charge_already_refunded"
    ) {
      status = "succeeded";
    } else {
      throw stripeFailure("refund the payment", error);
    }
  }
  return {
    provider: "stripe",
    providerRef: request.providerRef,
    // A refund Stripe still processes completes with charge.refunded; until then nothing moves.
    status: status === "succeeded" ? "refunded" : "completed",
    providerStatus: `refund ${status}`,
    currency: request.currency,
    amountReceived: null,
  };
}

import Stripe from "stripe";
import { stripeClient, stripeFailure, type StripeConfig } from "@/lib/billing/providers/stripe/client";
import type { RefundRequest, RefundResult } from "@/lib/billing/providers/types";

// A refund of a Checkout payment, whole or partial: Stripe refunds the session's PaymentIntent.
// The Idempotency-Key names the order, what was refunded before and the amount, so two admins
// (or a retry) asking for the same refund at once make one refund, and a later, second partial
// refund is a new one.

export async function refundSession(config: StripeConfig, request: RefundRequest): Promise<RefundResult> {
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
      { payment_intent: intent, amount: request.amount, metadata: { order_id: request.orderId } },
      { idempotencyKey: `refund-${request.orderId}-${request.alreadyRefunded}-${request.amount}` },
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
  // A refund Stripe still processes completes with charge.refunded; until then nothing moves.
  return { state: status === "succeeded" ? "succeeded" : "pending", providerStatus: `refund ${status}` };
}

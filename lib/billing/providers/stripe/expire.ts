import Stripe from "stripe";
import { stripeClient, stripeFailure, type StripeConfig } from "@/lib/billing/providers/stripe/client";

// Closing a Checkout Session nobody should pay any more (the customer started another plan).
// Stripe has no "canceled" session: expiring it is how a merchant closes one, and Stripe refuses
// (400 invalid_request_error) a session that is no longer open. The refusal does not say why, so
// the session is read back: expired means closed all the same (by its deadline, or by our own
// expire whose reply was lost and retried); complete means the customer got there first.

export async function expireCheckoutSession(
  config: StripeConfig,
  sessionId: string,
): Promise<"canceled" | "already_settled"> {
  const stripe = stripeClient(config);
  try {
    await stripe.checkout.sessions.expire(sessionId);
    return "canceled";
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.statusCode !== 400) {
      throw stripeFailure("expire the checkout session", error);
    }
  }
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(sessionId);
  } catch (error) {
    throw stripeFailure("look up the checkout session", error);
  }
  if (session.status === "expired") return "canceled";
  // Complete, paid or (a delayed method such as a bank debit) still being paid: either way the
  // customer has paid or is paying it, and it can no longer be closed.
  if (session.status === "complete") return "already_settled";
  throw stripeFailure(
    "expire the checkout session",
    new Error(`session still ${session.status ?? "unknown"}`),
  );
}

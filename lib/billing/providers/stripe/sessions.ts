import type Stripe from "stripe";
import { stripeClient, stripeFailure, type StripeConfig } from "@/lib/billing/providers/stripe/client";
import type { CreatedPayment, CreatePaymentRequest, ProviderReport } from "@/lib/billing/providers/types";

// Checkout Sessions (mode=payment): one per order, priced from our database, carrying our order
// id three ways: client_reference_id and metadata on the session, and metadata on its
// PaymentIntent, where charge.refunded events find it.

/** Stripe refuses expires_at less than 30 minutes or more than 24 hours ahead. */
const MIN_EXPIRY_MINUTES = 31;
const MAX_EXPIRY_MINUTES = 24 * 60;

export async function createCheckoutSession(
  config: StripeConfig,
  request: CreatePaymentRequest,
): Promise<CreatedPayment> {
  if (!request.successUrl || !request.cancelUrl) {
    throw new TypeError("Stripe Checkout needs a successUrl and a cancelUrl");
  }
  const minutes = Math.min(Math.max(request.expiresInMinutes, MIN_EXPIRY_MINUTES), MAX_EXPIRY_MINUTES);
  const expiresAt = Math.floor(Date.now() / 1000) + minutes * 60;
  let session: Stripe.Checkout.Session;
  try {
    session = await stripeClient(config).checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amount,
              product_data: { name: request.description },
            },
          },
        ],
        client_reference_id: request.orderId,
        metadata: { order_id: request.orderId },
        payment_intent_data: { metadata: { order_id: request.orderId } },
        customer_email: request.email ?? undefined,
        success_url: withSessionId(request.successUrl),
        cancel_url: request.cancelUrl,
        expires_at: expiresAt,
      },
      // One order, one session: a retried or repeated create returns the session already made.
      { idempotencyKey: `checkout-${request.orderId}` },
    );
  } catch (error) {
    throw stripeFailure("create the checkout session", error);
  }
  if (!session.url) throw stripeFailure("create the checkout session", new Error("no url"));
  return {
    providerRef: session.id,
    paymentUrl: session.url,
    expiresAt: new Date(session.expires_at * 1000),
  };
}

/** The session's current state in our terms; null when Stripe doesn't know it. */
export async function fetchSession(config: StripeConfig, sessionId: string): Promise<ProviderReport | null> {
  let session: Stripe.Checkout.Session;
  try {
    session = await stripeClient(config).checkout.sessions.retrieve(sessionId);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw stripeFailure("look up the checkout session", error);
  }
  return sessionReport(session, sessionState(session));
}

/** Stripe substitutes the literal `{CHECKOUT_SESSION_ID}` in success_url (it must stay unencoded). */
function withSessionId(successUrl: string): string {
  const separator = successUrl.includes("?") ? "&" : "?";
  return `${successUrl}${separator}session_id={CHECKOUT_SESSION_ID}`;
}

/** Open + unpaid → pending; complete + paid → completed; expired → expired (PROVIDERS.md, "Mapping"). */
function sessionState(session: Stripe.Checkout.Session): Pick<ProviderReport, "status" | "providerStatus"> {
  const providerStatus = `${session.status ?? "unknown"}, ${session.payment_status}`;
  if (session.status === "complete" && session.payment_status === "paid") {
    return { status: "completed", providerStatus };
  }
  if (session.status === "expired") return { status: "expired", providerStatus };
  // Open, or complete while a delayed payment method (a bank debit) is still processing.
  return { status: "pending", providerStatus };
}

export function sessionReport(
  session: Pick<Stripe.Checkout.Session, "id" | "currency" | "amount_total">,
  state: Pick<ProviderReport, "status" | "providerStatus" | "failureReason">,
): ProviderReport {
  // A completion must say how much was paid; without amount_total it could not be checked against
  // the invoice, so it is not taken as paid (the payment stays pending until one that says).
  const unchecked = state.status === "completed" && session.amount_total === null;
  return {
    provider: "stripe",
    providerRef: session.id,
    currency: (session.currency ?? "").toUpperCase(),
    amountReceived: state.status === "completed" ? session.amount_total : null,
    ...state,
    ...(unchecked ? { status: "pending" as const } : {}),
  };
}

function isNotFound(error: unknown): boolean {
  return (error as { statusCode?: number } | null)?.statusCode === 404;
}

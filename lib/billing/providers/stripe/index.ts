import { stripeConfig } from "@/lib/billing/providers/stripe/client";
import { authenticateStripeEvent } from "@/lib/billing/providers/stripe/events";
import { expireCheckoutSession } from "@/lib/billing/providers/stripe/expire";
import { refundSession } from "@/lib/billing/providers/stripe/refunds";
import { createCheckoutSession, fetchSession } from "@/lib/billing/providers/stripe/sessions";
import type { PaymentProvider } from "@/lib/billing/providers/types";

/** Stripe Checkout behind the provider interface, or null when it is not configured. */
export function stripeProvider(): PaymentProvider | null {
  const config = stripeConfig();
  if (!config) return null;
  return {
    name: "stripe",
    currency: "USD",
    // Only Stripe signs its deliveries with this header; whether the signature holds is verify's job.
    recognises: (delivery) => delivery.headers.has("stripe-signature"),
    authenticate: (delivery) => Promise.resolve(authenticateStripeEvent(config, delivery)),
    createPayment: (request) => createCheckoutSession(config, request),
    fetchStatus: (providerRef) => fetchSession(config, providerRef),
    refund: (request) => refundSession(config, request),
    cancelPayment: (providerRef) => expireCheckoutSession(config, providerRef),
  };
}

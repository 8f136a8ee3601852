import { cryptoCloudProvider } from "@/lib/billing/providers/cryptocloud";
import { stripeProvider } from "@/lib/billing/providers/stripe";
import type { PaymentProvider, ProviderName } from "@/lib/billing/providers/types";
import { yooKassaProvider } from "@/lib/billing/providers/yookassa";

// The registry: every provider that is configured in this environment, and the questions the rest
// of the billing module asks about providers (which sell plans, which sells products, which takes
// wallet top-ups, which can refund through an API), so no code outside providers/ names a provider.

/** In the order the plans page offers them: card first, then crypto, then roubles (YooKassa). */
const ADAPTERS = [stripeProvider, cryptoCloudProvider, yooKassaProvider];

export function configuredProviders(): PaymentProvider[] {
  return ADAPTERS.map((adapter) => adapter()).filter(
    (provider): provider is PaymentProvider => provider !== null,
  );
}

export function getProvider(name: ProviderName): PaymentProvider | null {
  return configuredProviders().find((provider) => provider.name === name) ?? null;
}

/** The configured providers a customer can pay a plan with, in the order the plans page offers them. */
export function planCheckoutProviders(): PaymentProvider[] {
  return configuredProviders();
}

/** The provider one-time products are sold through (Stripe Checkout: card, from a bot link too). */
export function productProvider(): PaymentProvider | null {
  return getProvider("stripe");
}

/** The provider wallet top-ups in roubles go through (YooKassa). */
export function topupProvider(): PaymentProvider | null {
  return getProvider("yookassa");
}

/** Whether a refund of this provider's payment goes through its API (else an admin records it). */
export function refundsThroughApi(name: ProviderName): boolean {
  return getProvider(name)?.refund !== undefined;
}

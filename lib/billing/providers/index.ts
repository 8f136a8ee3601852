import { cryptoCloudProvider } from "@/lib/billing/providers/cryptocloud";
import { stripeProvider } from "@/lib/billing/providers/stripe";
import type { PaymentProvider, ProviderName } from "@/lib/billing/providers/types";

// The registry: every provider that is configured in this environment. YooKassa adds one line.

export function configuredProviders(): PaymentProvider[] {
  return [cryptoCloudProvider(), stripeProvider()].filter(
    (provider): provider is PaymentProvider => provider !== null,
  );
}

export function getProvider(name: ProviderName): PaymentProvider | null {
  return configuredProviders().find((provider) => provider.name === name) ?? null;
}

import { cryptoCloudProvider } from "@/lib/billing/providers/cryptocloud";
import type { PaymentProvider, ProviderName } from "@/lib/billing/providers/types";

// The registry: every provider that is configured in this environment. Stripe and YooKassa add
// one line each.

export function configuredProviders(): PaymentProvider[] {
  return [cryptoCloudProvider()].filter((provider): provider is PaymentProvider => provider !== null);
}

export function getProvider(name: ProviderName): PaymentProvider | null {
  return configuredProviders().find((provider) => provider.name === name) ?? null;
}

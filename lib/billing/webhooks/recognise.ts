import { configuredProviders } from "@/lib/billing/providers/registry";
import type { PaymentProvider, RawDelivery } from "@/lib/billing/providers/types";

// Step 2: which provider sent this? All providers share one URL (provider dashboards are
// configured with /api/webhook/payment), so each recognises its own deliveries by shape and
// headers. Recognising is not trusting: verification comes next.

export function recogniseProvider(delivery: Pick<RawDelivery, "body" | "headers">): PaymentProvider | null {
  return configuredProviders().find((provider) => provider.recognises(delivery)) ?? null;
}

// Called by payment providers (CryptoCloud postbacks; Stripe and YooKassa next) for every payment
// event. Authenticated per provider inside the pipeline, not by session.
import { handlePaymentWebhook } from "@/lib/billing/webhooks/handle";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handlePaymentWebhook(request);
}

import { applyProviderReport } from "@/lib/billing/payments/apply";
import { ProviderError, type ProviderName } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import { finishDelivery, handledEvent, recordDelivery } from "@/lib/billing/webhooks/inbox";
import { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readLimitedBody } from "@/lib/billing/webhooks/read-body";
import { recogniseProvider } from "@/lib/billing/webhooks/recognise";

// POST /api/webhook/payment, provider-agnostic: read → recognise → record → verify → skip events
// already handled (providers with event ids) → apply.
// Answers: 2xx for anything authentic (duplicates and unknown payments included), 4xx for
// malformed or forged deliveries, 5xx only when our side failed, so the provider retries.

export async function handlePaymentWebhook(request: Request): Promise<Response> {
  let body: string;
  try {
    body = await readLimitedBody(request);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    await recordDelivery({
      provider: "unknown",
      headers: request.headers,
      body: "",
      outcome: "rejected",
      error: error.message,
    });
    return reply(413, { error: `Body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes` });
  }

  const delivery = { body, headers: request.headers };
  const provider = recogniseProvider(delivery);
  if (!provider) {
    await recordDelivery({
      provider: "unknown",
      headers: request.headers,
      body,
      outcome: "rejected",
      error: "unrecognised delivery",
    });
    return reply(400, { error: "Unrecognised delivery" });
  }

  const deliveryId = await recordDelivery({ provider: provider.name, headers: request.headers, body });
  let verified = false;
  try {
    const verdict = await provider.verifyDelivery(delivery, {
      settledPayment: (ref) => settledPayment(provider.name, ref),
    });
    if (!verdict.ok) {
      await finishDelivery(deliveryId, { outcome: "rejected", verified: false, error: verdict.reason, body });
      return reply(verdict.status, { error: verdict.reason });
    }
    if (verdict.eventId) {
      const earlier = await handledEvent(provider.name, verdict.eventId);
      if (earlier) {
        await finishDelivery(deliveryId, {
          outcome: "duplicate",
          verified: true,
          error: `event ${verdict.eventId} was handled by delivery ${earlier.id} (${earlier.outcome})`,
          paymentId: earlier.paymentId,
        });
        return reply(200, { received: true, outcome: "duplicate" });
      }
    }
    if ("settled" in verdict) {
      await finishDelivery(deliveryId, {
        outcome: "duplicate",
        verified: true,
        error: verdict.settled,
        paymentId: verdict.paymentId,
        eventId: verdict.eventId,
      });
      return reply(200, { received: true, outcome: "duplicate" });
    }
    if ("ignored" in verdict) {
      await finishDelivery(deliveryId, {
        outcome: "ignored",
        verified: true,
        error: verdict.ignored,
        eventId: verdict.eventId,
      });
      return reply(200, { received: true, outcome: "ignored" });
    }
    verified = true;
    const result = await applyProviderReport(verdict.report, { source: "webhook", deliveryId });
    await finishDelivery(deliveryId, {
      outcome: result.outcome,
      verified: true,
      error: result.outcome === "applied" ? undefined : result.detail,
      paymentId: result.paymentId,
      eventId: verdict.eventId,
    });
    return reply(200, { received: true, outcome: result.outcome });
  } catch (error) {
    // Our side failed (database, or the provider's status API during re-fetch): 500 so the
    // provider delivers again. The message stored is ours, never a secret.
    const message =
      error instanceof ProviderError ? error.message : "internal error while applying the delivery";
    if (!(error instanceof ProviderError)) console.error("webhook delivery failed", deliveryId, error);
    await finishDelivery(deliveryId, { outcome: "failed", verified, error: message }).catch(() => undefined);
    return reply(500, { error: "Temporary failure, please retry" });
  }
}

/** Statuses from which no report of payment can move a payment (refunds come from admins). */
const SETTLED = ["completed", "failed", "canceled", "refunded"] as const;

async function settledPayment(provider: ProviderName, providerRef: string) {
  return db.payment.findFirst({
    where: { provider, providerRef, status: { in: [...SETTLED] } },
    select: { id: true, status: true },
  });
}

function reply(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

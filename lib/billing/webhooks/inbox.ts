import { db } from "@/lib/db";
import type { DeliveryOutcome } from "@/lib/generated/prisma/client";

// Step 3: every inbound call is recorded, authentic or not, before anything else happens, so an
// admin can see what arrived and why it was (not) applied, and a delivery can be replayed.

/** Headers worth keeping: what identifies and authenticates a delivery, nothing else. */
const KEPT_HEADERS = [
  "content-type",
  "content-length",
  "user-agent",
  "x-forwarded-for",
  "x-real-ip",
  "stripe-signature",
];

export function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

export async function recordDelivery(input: {
  provider: string;
  headers: Headers;
  body: string;
  outcome?: DeliveryOutcome;
  error?: string;
}): Promise<string> {
  const delivery = await db.webhookDelivery.create({
    data: {
      provider: input.provider,
      headers: keptHeaders(input.headers),
      body: input.body,
      outcome: input.outcome ?? "received",
      error: input.error,
      processedAt: input.outcome ? new Date() : undefined,
    },
    select: { id: true },
  });
  return delivery.id;
}

export async function finishDelivery(
  id: string,
  result: {
    outcome: DeliveryOutcome;
    verified: boolean;
    error?: string;
    paymentId?: string | null;
    eventId?: string | null;
  },
): Promise<void> {
  await db.webhookDelivery.update({
    where: { id },
    data: {
      outcome: result.outcome,
      verified: result.verified,
      error: result.error,
      paymentId: result.paymentId ?? undefined,
      providerEventId: result.eventId ?? undefined,
      processedAt: new Date(),
    },
  });
}

import { db, isUniqueViolation } from "@/lib/db";
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

/**
 * What we keep of a body we refuse: enough to see what it was, not enough for unauthenticated
 * senders to fill the table 64 KiB at a time.
 */
export const REJECTED_BODY_BYTES = 4096;

export function truncateBody(body: string): string {
  const bytes = Buffer.from(body, "utf8");
  return bytes.byteLength <= REJECTED_BODY_BYTES
    ? body
    : `${bytes.subarray(0, REJECTED_BODY_BYTES).toString("utf8")}… [${bytes.byteLength} bytes, truncated]`;
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
      body: input.outcome === "rejected" ? truncateBody(input.body) : input.body,
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
    /** For a rejected delivery: its body, kept truncated. */
    body?: string;
  },
): Promise<void> {
  const data = {
    body: result.body === undefined ? undefined : truncateBody(result.body),
    outcome: result.outcome,
    verified: result.verified,
    error: result.error,
    paymentId: result.paymentId ?? undefined,
    processedAt: new Date(),
  };
  // The event id marks the delivery that handled the event; only a handled delivery carries it,
  // so a failed one leaves the id free for the provider's retry. Two copies handled at once both
  // went through the idempotent apply path; the (provider, providerEventId) key keeps one.
  const handled = result.eventId && result.outcome !== "failed" && result.outcome !== "rejected";
  // updateMany: no need to read the row (body included) back.
  if (handled) {
    try {
      await db.webhookDelivery.updateMany({
        where: { id },
        data: { ...data, providerEventId: result.eventId },
      });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await db.webhookDelivery.updateMany({ where: { id }, data });
}

/** The earlier delivery that handled this event, if any: a redelivery then has nothing to do. */
export async function handledEvent(provider: string, eventId: string) {
  return db.webhookDelivery.findUnique({
    where: { provider_providerEventId: { provider, providerEventId: eventId } },
    select: { id: true, paymentId: true, outcome: true },
  });
}

import type { ProviderName } from "@/lib/billing/providers/types";
import { recordEvent, recordIgnored, recordRejected, type Arrival } from "@/lib/billing/webhooks/inbox";
import { readLimitedBody } from "@/lib/billing/webhooks/read-body";
import { recogniseProvider } from "@/lib/billing/webhooks/recognise";
import { clientAddress } from "@/lib/http/client-address";
import { addressBlock } from "@/lib/http/trusted-proxies";
import { limit } from "@/lib/rate-limit";

// POST /api/webhook/payment, for every provider, in one straight line with one exit:
//   size cap → readable text → recognise → authenticate → record, dedupe and enqueue → answer.
// Applying happens in the worker (process.ts), after we have answered: the provider waits only
// for the delivery to be on record, never for its effects (the pattern Stripe advises).
// Answers: 2xx for anything authentic (duplicates and unknown payments included), 4xx for
// malformed or forged deliveries, 429 for a client that keeps sending those, 5xx only when the
// delivery could not be recorded, so that the provider delivers it again.

type Answer =
  /** `delivery`: our record of it, for the provider's support and for tests to follow. */
  | { kind: "accepted"; outcome: "received" | "duplicate" | "ignored"; delivery: string }
  | { kind: "refused"; status: 400 | 401 | 403 | 413; reason: string }
  | { kind: "limited"; retryAfterSeconds: number }
  | { kind: "failed" };

export async function handlePaymentWebhook(request: Request): Promise<Response> {
  const arrival: Arrival = {
    headers: request.headers,
    clientAddress: clientAddress(request.headers),
    receivedAt: new Date(),
  };
  let answer: Answer;
  try {
    answer = await receive(request, arrival);
  } catch (error) {
    console.error("webhook delivery could not be recorded", error);
    answer = { kind: "failed" };
  }
  return reply(answer);
}

async function receive(request: Request, arrival: Arrival): Promise<Answer> {
  const read = await readLimitedBody(request);
  if (read.kind === "too-large")
    return refuse(arrival, { provider: "unknown", body: "", reason: read.reason }, 413);
  if (read.kind === "unreadable") {
    return refuse(arrival, { provider: "unknown", body: read.recorded, reason: read.reason }, 400);
  }
  const body = read.body;

  const provider = recogniseProvider({ body, headers: arrival.headers });
  if (!provider) return refuse(arrival, { provider: "unknown", body, reason: "unrecognised delivery" }, 400);

  const verdict = await provider.authenticate({ body, ...arrival });
  switch (verdict.kind) {
    case "rejected":
      return refuse(arrival, { provider: provider.name, body, reason: verdict.reason }, verdict.status);
    case "ignored": {
      const delivery = await recordIgnored(arrival, {
        provider: provider.name,
        body,
        reason: verdict.reason,
        eventId: verdict.eventId,
      });
      return { kind: "accepted", outcome: "ignored", delivery };
    }
    case "event": {
      const recorded = await recordEvent(arrival, { provider: provider.name, body, event: verdict.event });
      return { kind: "accepted", outcome: recorded.outcome, delivery: recorded.deliveryId };
    }
  }
}

/**
 * A delivery we refuse is recorded (an admin can see what was tried) unless its sender is over its
 * limit: unauthenticated senders must not be able to fill the disk, and are told when to come back.
 */
async function refuse(
  arrival: Arrival,
  input: { provider: ProviderName | "unknown"; body: string; reason: string },
  status: 400 | 401 | 403 | 413,
): Promise<Answer> {
  // Per client (an IPv6 client is its /64), then all clients together.
  const client = arrival.clientAddress ? addressBlock(arrival.clientAddress) : "unknown";
  for (const [name, key] of [
    ["webhook-rejected", client],
    ["webhook-rejected-all", "all"],
  ] as const) {
    const allowance = await limit(name, key);
    if (allowance.kind === "limited")
      return { kind: "limited", retryAfterSeconds: allowance.retryAfterSeconds };
  }
  await recordRejected(arrival, input);
  return { kind: "refused", status, reason: input.reason };
}

function reply(answer: Answer): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  switch (answer.kind) {
    case "accepted":
      return Response.json(
        { received: true, outcome: answer.outcome, delivery: answer.delivery },
        { status: 200, headers },
      );
    case "refused":
      return Response.json({ error: answer.reason }, { status: answer.status, headers });
    case "limited":
      return Response.json(
        { error: "Too many rejected deliveries from this address" },
        { status: 429, headers: { ...headers, "Retry-After": String(answer.retryAfterSeconds) } },
      );
    case "failed":
      return Response.json({ error: "Temporary failure, please retry" }, { status: 500, headers });
  }
}

import type { ProviderName } from "@/lib/billing/providers/types";
import { recordEvent, recordIgnored, recordRejected, type Arrival } from "@/lib/billing/webhooks/inbox";
import { readLimitedBody } from "@/lib/billing/webhooks/read-body";
import { recogniseProvider } from "@/lib/billing/webhooks/recognise";
import { clientAddress } from "@/lib/http/client-address";
import { addressBlock } from "@/lib/http/trusted-proxies";
import { elapsed, logger } from "@/lib/log";
import { countDelivery } from "@/lib/metrics/record";
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
  const started = performance.now();
  let answer: Answer;
  let failure: unknown;
  // What the delivery turned out to be, once recognised (for the metrics and the log line).
  const seen: Seen = { provider: "unknown" };
  try {
    answer = await receive(request, arrival, seen);
  } catch (error) {
    failure = error;
    answer = { kind: "failed" };
  }
  countDelivery(seen.provider, answer.kind === "accepted" ? answer.outcome : answer.kind);
  logDelivery(request, answer, seen, { ms: elapsed(started), failure });
  return reply(answer);
}

async function receive(request: Request, arrival: Arrival, seen: Seen): Promise<Answer> {
  const read = await readLimitedBody(request);
  if (read.kind === "too-large")
    return refuse(arrival, { provider: "unknown", body: "", reason: read.reason }, 413);
  if (read.kind === "unreadable") {
    return refuse(arrival, { provider: "unknown", body: read.recorded, reason: read.reason }, 400);
  }
  const body = read.body;

  const provider = recogniseProvider({ body, headers: arrival.headers });
  if (!provider) return refuse(arrival, { provider: "unknown", body, reason: "unrecognised delivery" }, 400);
  seen.provider = provider.name;

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
      Object.assign(seen, verdict.event.payment);
      const recorded = await recordEvent(arrival, { provider: provider.name, body, event: verdict.event });
      seen.paymentId = recorded.paymentId;
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

/** What the delivery turned out to be, as far as it got: for its metrics and its log line. */
type Seen = {
  provider: ProviderName | "unknown";
  orderId?: string;
  providerRef?: string;
  paymentId?: string | null;
};

const webhookLog = logger("webhook");

/** One line per delivery; the body and headers stay out (they are on record, secrets masked). */
function logDelivery(request: Request, answer: Answer, seen: Seen, done: { ms: number; failure: unknown }) {
  const line = {
    requestId: request.headers.get("x-request-id") ?? undefined,
    ...seen,
    outcome: answer.kind === "accepted" ? answer.outcome : answer.kind,
    status: answer.kind === "refused" ? answer.status : STATUS[answer.kind],
    deliveryId: answer.kind === "accepted" ? answer.delivery : undefined,
    reason: answer.kind === "refused" ? answer.reason : undefined,
    ms: done.ms,
  };
  if (answer.kind === "failed") webhookLog.error({ ...line, err: done.failure }, "webhook delivery");
  else if (answer.kind === "accepted") webhookLog.info(line, "webhook delivery");
  else webhookLog.warn(line, "webhook delivery");
}

const STATUS = { accepted: 200, limited: 429, failed: 500 } as const;

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

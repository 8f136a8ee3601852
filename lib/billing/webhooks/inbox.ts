import { randomUUID } from "node:crypto";
import { settledFor } from "@/lib/billing/payments/transitions";
import type { DeliveryEvent, ProviderName } from "@/lib/billing/providers/types";
import { escapeNul } from "@/lib/billing/webhooks/read-body";
import { db, isUniqueViolation, query } from "@/lib/db";
import { Prisma, type DeliveryOutcome } from "@/lib/generated/prisma/client";
import { insertJobsSql, QUEUES, WEBHOOK_WAKE_CHANNEL } from "@/lib/jobs/queue";

// The inbox: every inbound call is recorded, authentic or not, so an admin can see what arrived
// and why it was (not) applied, and a delivery can be replayed. An authentic event is recorded,
// deduplicated and queued for the worker in ONE statement (recordEvent): a settled payment's
// duplicate is closed right there, and the job exists exactly when the delivery does.

/**
 * Headers worth keeping: what identifies and authenticates a delivery, nothing else. The ones
 * the worker authenticates with come first, so the total cap can never push them out.
 */
const KEPT_HEADERS = [
  "stripe-signature",
  "content-type",
  "content-length",
  "user-agent",
  "x-forwarded-for",
  "x-real-ip",
];

/** A kept header's value is capped (a Stripe-Signature with three signatures is ~250 bytes)… */
export const HEADER_VALUE_BYTES = 512;
/** …and so are all of them together, so no sender can make a row big through its headers. */
export const HEADERS_TOTAL_BYTES = 2048;

export function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  let total = 0;
  for (const name of KEPT_HEADERS) {
    const value = headers.get(name);
    if (value === null) continue;
    const capped = capBytes(escapeNul(value), HEADER_VALUE_BYTES);
    total += name.length + Buffer.byteLength(capped);
    if (total > HEADERS_TOTAL_BYTES) break; // only informational headers are left to drop
    kept[name] = capped;
  }
  return kept;
}

/**
 * What we keep of a body we refuse: enough to see what it was, not enough for unauthenticated
 * senders to fill the table 64 KiB at a time.
 */
export const REJECTED_BODY_BYTES = 4096;

export function truncateBody(body: string): string {
  return capBytes(body, REJECTED_BODY_BYTES);
}

function capBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.byteLength <= limit) return text;
  // Cut on a character boundary: the decoder drops a split character's tail.
  const head = bytes
    .subarray(0, limit)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `${head}… [${bytes.byteLength} bytes, truncated]`;
}

export interface Arrival {
  headers: Headers;
  clientAddress: string | null;
  receivedAt: Date;
}

/** A call we refuse (unrecognised, unreadable, too large, forged): kept short, deleted after a while. */
export async function recordRejected(
  arrival: Arrival,
  input: { provider: string; body: string; reason: string },
): Promise<void> {
  await db.webhookDelivery.create({
    data: {
      provider: input.provider,
      headers: keptHeaders(arrival.headers),
      body: truncateBody(escapeNul(input.body)),
      remoteIp: arrival.clientAddress,
      outcome: "rejected",
      error: input.reason,
      receivedAt: arrival.receivedAt,
      processedAt: arrival.receivedAt,
    },
    select: { id: true },
  });
}

/** An authentic delivery that can move no payment (an unused event type, a malformed object). */
export async function recordIgnored(
  arrival: Arrival,
  input: { provider: ProviderName; body: string; reason: string; eventId: string | null },
): Promise<string> {
  const data = {
    provider: input.provider,
    headers: keptHeaders(arrival.headers),
    body: input.body,
    remoteIp: arrival.clientAddress,
    verified: true,
    outcome: "ignored" as const,
    error: input.reason,
    receivedAt: arrival.receivedAt,
    processedAt: arrival.receivedAt,
  };
  try {
    const row = await db.webhookDelivery.create({
      data: { ...data, providerEventId: input.eventId },
      select: { id: true },
    });
    return row.id;
  } catch (error) {
    // A copy of an event already on record: kept, without the id that belongs to the first.
    if (!isUniqueViolation(error)) throw error;
    return (await db.webhookDelivery.create({ data, select: { id: true } })).id;
  }
}

export type RecordedEvent = {
  deliveryId: string;
  outcome: Extract<DeliveryOutcome, "received" | "duplicate" | "ignored">;
  paymentId: string | null;
  detail: string | null;
};

/**
 * Records an authentic event and decides, in the same statement: a copy of an event id already on
 * record, or an event for a payment it can no longer move, is a `duplicate`; an event for no
 * payment of ours is `ignored`; anything else is `received` and a job is queued for its payment —
 * at most one waiting job per payment (the queue's "short" policy keyed on the payment), since
 * the job applies every received delivery of that payment.
 */
export async function recordEvent(
  arrival: Arrival,
  input: { provider: ProviderName; body: string; event: DeliveryEvent },
): Promise<RecordedEvent> {
  try {
    return await recordEventOnce(arrival, input);
  } catch (error) {
    // Two copies of one event raced past the "earlier" check: the second now sees the first.
    if (!isUniqueViolation(error)) throw error;
    return recordEventOnce(arrival, input);
  }
}

async function recordEventOnce(
  arrival: Arrival,
  { provider, body, event }: { provider: ProviderName; body: string; event: DeliveryEvent },
): Promise<RecordedEvent> {
  const target =
    "providerRef" in event.payment
      ? Prisma.sql`"providerRef" = ${event.payment.providerRef}`
      : Prisma.sql`"orderId" = ${event.payment.orderId}`;
  const settled = settledFor(event.moves);
  // Sent through node-postgres, not Prisma: the request's one statement (lib/db.ts query()).
  const [row] = await query<{
    id: string;
    outcome: RecordedEvent["outcome"];
    paymentId: string | null;
    error: string | null;
  }>(Prisma.sql`
    WITH target AS (
      SELECT id, status::text AS status FROM "Payment"
      WHERE provider = ${provider}::"PaymentProvider" AND ${target}
    ), earlier AS (
      SELECT id FROM "WebhookDelivery"
      WHERE provider = ${provider} AND "providerEventId" = ${event.eventId}
    ), decided AS (
      SELECT target.id AS payment_id, earlier.id AS earlier_id,
        CASE
          WHEN earlier.id IS NOT NULL THEN 'duplicate'
          WHEN target.id IS NULL THEN 'ignored'
          WHEN target.status = ANY(${settled}::text[]) THEN 'duplicate'
          ELSE 'received'
        END AS outcome,
        CASE
          WHEN earlier.id IS NOT NULL THEN 'event ' || ${event.eventId}::text || ' was recorded by delivery ' || earlier.id
          WHEN target.id IS NULL THEN ${`no ${provider} payment ${describeTarget(event)}`}::text
          WHEN target.status = ANY(${settled}::text[]) THEN 'already ' || target.status
        END AS error
      FROM (SELECT 1) AS one
      LEFT JOIN target ON true
      LEFT JOIN earlier ON true
    ), delivery AS (
      INSERT INTO "WebhookDelivery"
        (id, provider, "providerEventId", "paymentId", headers, body, "remoteIp", verified, outcome, error,
         "receivedAt", "processedAt")
      SELECT ${randomUUID()}, ${provider}, CASE WHEN earlier_id IS NULL THEN ${event.eventId}::text END,
        payment_id, ${JSON.stringify(keptHeaders(arrival.headers))}::jsonb, ${body}, ${arrival.clientAddress},
        true, outcome::"DeliveryOutcome", error, ${arrival.receivedAt},
        CASE WHEN outcome <> 'received' THEN ${arrival.receivedAt}::timestamp END
      FROM decided
      RETURNING id, outcome::text AS outcome, "paymentId", error
    ), waiting AS (
      SELECT "paymentId" FROM delivery WHERE outcome = 'received'
    ), job AS (
      ${insertJobsSql(QUEUES.webhook, "waiting", Prisma.sql`jsonb_build_object('paymentId', "paymentId")`, Prisma.sql`"paymentId"`)}
    )
    SELECT id, outcome, "paymentId", error,
      -- Wakes the workers (lib/jobs/webhooks.ts) at commit, instead of at their next poll.
      -- Only a new job: one already waiting will be fetched anyway, and every NOTIFY serialises commits.
      (SELECT count(*)::int FROM (SELECT pg_notify(${WEBHOOK_WAKE_CHANNEL}, '') FROM job WHERE inserted LIMIT 1) AS n) AS woken
    FROM delivery`);
  if (!row) throw new Error("the delivery was not recorded");
  return { deliveryId: row.id, outcome: row.outcome, paymentId: row.paymentId, detail: row.error };
}

function describeTarget(event: DeliveryEvent): string {
  return "providerRef" in event.payment ? event.payment.providerRef : `for order ${event.payment.orderId}`;
}

/** The worker's verdict on a received delivery; only a `received` one is changed (two workers). */
export async function finishDelivery(
  id: string,
  result: { outcome: DeliveryOutcome; error?: string | null; paymentId?: string | null },
): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id, outcome: "received" },
    data: {
      outcome: result.outcome,
      error: result.error ?? null,
      paymentId: result.paymentId ?? undefined,
      processedAt: new Date(),
    },
  });
}

/** Copies of a delivery the worker just handled: closed as duplicates in one statement. */
export async function closeAsDuplicates(ids: string[], detail: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET outcome = 'duplicate', error = ${detail}, "processedAt" = ${new Date()}
    WHERE id = ANY(${ids}::text[]) AND outcome = 'received'`;
}

/** A try that failed: counted, with its reason; on the queue's last try the delivery fails for good. */
export async function deliveryAttemptFailed(ids: string[], error: string, lastTry: boolean): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { id: { in: ids }, outcome: "received" },
    data: {
      attempts: { increment: 1 },
      error: lastTry ? `gave up after the last try: ${error}` : `will retry: ${error}`,
      ...(lastTry ? { outcome: "failed" as const, processedAt: new Date() } : {}),
    },
  });
}

import { applyProviderReport } from "@/lib/billing/payments/apply";
import { getProvider } from "@/lib/billing/providers/registry";
import {
  ProviderError,
  type DeliveryEvent,
  type PaymentProvider,
  type ProviderName,
  type ProviderReport,
} from "@/lib/billing/providers/types";
import { closeAsDuplicates, deliveryAttemptFailed, finishDelivery } from "@/lib/billing/webhooks/inbox";
import { db } from "@/lib/db";
import type { DeliveryOutcome } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";
import { observeApply } from "@/lib/metrics/record";

// The worker's half of the pipeline: for a batch of payments, take their received deliveries,
// authenticate each again from what the inbox holds (as of when it arrived, so the inbox row is
// the whole truth and a replay runs the same code), re-fetch the payment where the delivery
// itself can't be trusted for amounts (one status call per provider per batch where the API takes
// a list), apply through the one apply path, and record each outcome.

export interface StoredDelivery {
  id: string;
  provider: string;
  headers: unknown;
  body: string;
  remoteIp: string | null;
  receivedAt: Date;
  paymentId: string | null;
}

/** What a stored delivery asks of a payment, once authenticated again and re-fetched if need be. */
export type ResolvedDelivery =
  | { kind: "report"; report: ProviderReport }
  | { kind: "nothing"; outcome: Extract<DeliveryOutcome, "ignored" | "rejected">; reason: string };

/** Per payment: null when its deliveries were handled, else why this try failed (the queue retries). */
export async function processPayments(
  paymentIds: readonly string[],
  options: { lastTry: (paymentId: string) => boolean },
): Promise<Map<string, string | null>> {
  const results = new Map<string, string | null>(paymentIds.map((id) => [id, null]));
  // One statement for the batch, with the ids as one array parameter (a prepared statement).
  const deliveries = await db.$queryRaw<StoredDelivery[]>`
    SELECT id, provider, headers, body, "remoteIp", "receivedAt", "paymentId"
    FROM "WebhookDelivery"
    WHERE "paymentId" = ANY(${[...paymentIds]}::text[]) AND outcome = 'received'
    ORDER BY "receivedAt", id`;
  let resolved: Map<string, ResolvedDelivery | Error>;
  try {
    resolved = await resolveDeliveries(deliveries);
  } catch (error) {
    resolved = new Map(deliveries.map((delivery) => [delivery.id, asError(error)]));
  }

  // Payments are independent (each apply locks its own row): a few at a time.
  await inParallel(paymentIds, PAYMENT_CONCURRENCY, async (paymentId) => {
    const own = deliveries.filter((delivery) => delivery.paymentId === paymentId);
    try {
      await applyInOrder(own, resolved);
    } catch (error) {
      const message = safeMessage(error);
      // One line per failed try; a provider's own words need no stack.
      applyLog.warn(
        {
          paymentId,
          deliveryIds: own.map((delivery) => delivery.id),
          outcome: "failed",
          ...(error instanceof ProviderError ? { reason: message } : { err: error }),
        },
        "webhook apply",
      );
      await deliveryAttemptFailed(
        own.map((delivery) => delivery.id),
        message,
        options.lastTry(paymentId),
      );
      results.set(paymentId, message);
    }
  });
  return results;
}

const PAYMENT_CONCURRENCY = 4;

const applyLog = logger("webhook-apply");

/**
 * One payment's deliveries, in the order they arrived. Copies that say the same thing as the one
 * before them (a provider's redeliveries; for CryptoCloud, every postback of a batch gets the same
 * re-fetched answer) are duplicates of it: they are closed together, in one statement, instead of
 * each taking the payment's lock to find nothing to do.
 */
async function applyInOrder(
  own: readonly StoredDelivery[],
  resolved: Map<string, ResolvedDelivery | Error>,
): Promise<void> {
  let previous = null as { key: string; detail: string } | null;
  let copies: string[] = [];
  const closeCopies = async () => {
    if (copies.length > 0 && previous) {
      await closeAsDuplicates(copies, previous.detail);
      applyLog.info({ deliveryIds: copies, outcome: "duplicate", reason: previous.detail }, "webhook apply");
    }
    copies = [];
  };
  for (const delivery of own) {
    const resolution = resolved.get(delivery.id);
    if (resolution instanceof Error || resolution === undefined) throw resolution ?? new Error("unresolved");
    if (resolution.kind === "nothing") {
      await finishDelivery(delivery.id, { outcome: resolution.outcome, error: resolution.reason });
      applyLog.info(
        {
          deliveryId: delivery.id,
          paymentId: delivery.paymentId,
          outcome: resolution.outcome,
          reason: resolution.reason,
        },
        "webhook apply",
      );
      continue;
    }
    const key = reportKey(resolution.report);
    if (previous?.key === key) {
      copies.push(delivery.id);
      continue;
    }
    await closeCopies();
    const applyStartedAt = Date.now();
    const result = await applyProviderReport(resolution.report, {
      source: "webhook",
      deliveryId: delivery.id,
    });
    observeApply(delivery.provider, applyStartedAt, delivery.receivedAt);
    applyLog.info(
      {
        deliveryId: delivery.id,
        provider: delivery.provider,
        paymentId: result.paymentId ?? delivery.paymentId,
        outcome: result.outcome,
        ...(result.outcome === "applied" ? {} : { reason: result.detail }),
        ms: Date.now() - applyStartedAt,
      },
      "webhook apply",
    );
    previous = {
      key,
      detail: `same as delivery ${delivery.id}: ${result.outcome === "applied" ? "applied" : result.detail}`,
    };
    if (result.deliveryRecorded) continue; // marked applied by the apply's own statement
    await finishDelivery(delivery.id, {
      outcome: result.outcome,
      error: result.outcome === "applied" ? null : result.detail,
      paymentId: result.paymentId,
    });
  }
  await closeCopies();
}

/** What a report says, as a key: two reports with the same key can make only one change. */
function reportKey(report: ProviderReport): string {
  return JSON.stringify([
    report.provider,
    report.providerRef,
    report.orderId,
    report.status,
    report.currency,
    report.amountReceived,
    report.receivedFraction
      ? [String(report.receivedFraction.received), String(report.receivedFraction.of)]
      : null,
  ]);
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/**
 * Authenticates each stored delivery again and finds the report to apply: the event's own (signed
 * with its amounts), or the provider's answer to one status call per provider for the whole batch.
 * A provider's failure is an Error in the map, for its deliveries only.
 */
export async function resolveDeliveries(
  deliveries: readonly StoredDelivery[],
): Promise<Map<string, ResolvedDelivery | Error>> {
  const resolved = new Map<string, ResolvedDelivery | Error>();
  const refetch = new Map<PaymentProvider, { id: string; ref: string; event: DeliveryEvent }[]>();

  for (const delivery of deliveries) {
    const provider = getProvider(delivery.provider as ProviderName);
    if (!provider) {
      resolved.set(delivery.id, new ProviderError(`${delivery.provider} is not configured here`));
      continue;
    }
    const verdict = await provider.authenticate({
      body: delivery.body,
      headers: new Headers(delivery.headers as Record<string, string>),
      clientAddress: delivery.remoteIp,
      receivedAt: delivery.receivedAt,
    });
    if (verdict.kind === "rejected") {
      resolved.set(delivery.id, { kind: "nothing", outcome: "rejected", reason: verdict.reason });
    } else if (verdict.kind === "ignored") {
      resolved.set(delivery.id, { kind: "nothing", outcome: "ignored", reason: verdict.reason });
    } else if (verdict.event.report) {
      resolved.set(delivery.id, { kind: "report", report: verdict.event.report });
    } else if ("providerRef" in verdict.event.payment) {
      const list = refetch.get(provider) ?? [];
      list.push({ id: delivery.id, ref: verdict.event.payment.providerRef, event: verdict.event });
      refetch.set(provider, list);
    } else {
      resolved.set(delivery.id, { kind: "nothing", outcome: "ignored", reason: "nothing to re-fetch it by" });
    }
  }

  for (const [provider, wanted] of refetch) {
    let answers: Map<string, ProviderReport | null>;
    try {
      answers = await fetchAll(
        provider,
        wanted.map((entry) => entry.ref),
      );
    } catch (error) {
      for (const entry of wanted) resolved.set(entry.id, asError(error));
      continue;
    }
    for (const entry of wanted) {
      const report = answers.get(entry.ref) ?? null;
      resolved.set(
        entry.id,
        report
          ? { kind: "report", report: { ...report, ...entry.event.annotations } }
          : { kind: "nothing", outcome: "ignored", reason: `${provider.name} does not know ${entry.ref}` },
      );
    }
  }
  return resolved;
}

async function fetchAll(
  provider: PaymentProvider,
  refs: string[],
): Promise<Map<string, ProviderReport | null>> {
  if (provider.fetchStatuses) return provider.fetchStatuses(refs);
  const answers = new Map<string, ProviderReport | null>();
  for (const ref of new Set(refs)) answers.set(ref, await provider.fetchStatus(ref));
  return answers;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** What may be stored and shown: a provider's message is ours and safe; anything else is generic. */
function safeMessage(error: unknown): string {
  return error instanceof ProviderError ? error.message : "internal error while applying the delivery";
}

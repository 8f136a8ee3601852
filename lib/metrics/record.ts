import { metrics } from "@/lib/metrics/metrics";

// What the call sites record, one function per event, so billing code names what happened and
// never a metric's labels. Each label value comes from a closed set: a provider's name (or
// "unknown"), an outcome from the caller's own union type, a queue from QUEUES.

export type DeliveryAnswerOutcome = "received" | "duplicate" | "ignored" | "refused" | "limited" | "failed";

export function countDelivery(provider: string, outcome: DeliveryAnswerOutcome): void {
  metrics().webhookDeliveries.inc({ provider, outcome });
}

/** One report applied: how long the apply took, and how long after the delivery's arrival it ended. */
export function observeApply(provider: string, startedAt: number, receivedAt: Date): void {
  const now = Date.now();
  metrics().applyDuration.observe({ provider }, (now - startedAt) / 1000);
  metrics().applyLatency.observe({ provider }, Math.max(0, now - receivedAt.getTime()) / 1000);
}

export function countCheckout(provider: string, outcome: "opened" | "failed"): void {
  metrics().checkouts.inc({ provider, outcome });
}

export function countJobFailures(queue: string, count = 1): void {
  if (count > 0) metrics().jobFailures.inc({ queue }, count);
}

/** A sweep run: its outcome, and each numeric count it returned (what its log line says). */
export function countSweep(sweep: string, outcome: "ok" | "failed", counts: object = {}): void {
  metrics().sweepRuns.inc({ sweep, outcome });
  for (const [result, value] of Object.entries(counts)) {
    if (typeof value === "number" && value > 0) metrics().sweepItems.inc({ sweep, result }, value);
  }
}

export type NotificationSendOutcome = "sent" | "skipped" | "rescheduled" | "failed" | "retry" | "error";

export function countNotificationSend(outcome: NotificationSendOutcome): void {
  metrics().notificationSends.inc({ outcome });
}

export type OperationOutcome =
  "charged" | "replayed" | "insufficient" | "unknown_type" | "unknown_customer" | "key_reused";

export function countOperation(outcome: OperationOutcome): void {
  metrics().operations.inc({ outcome });
}

export function countQuotaCheck(outcome: "counted" | "over_quota" | "no_subscription"): void {
  metrics().usageCounts.inc({ outcome });
}

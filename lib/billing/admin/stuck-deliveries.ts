import { db } from "@/lib/db";

// Webhook deliveries an admin must look at: the worker gave up on them after the queue's last
// try (outcome `failed`), or they are still being retried. Each links to its payment, whose page
// can replay it once the cause (a provider outage, a misconfiguration) is fixed.

export const STUCK_DELIVERIES_SHOWN = 20;

export async function deliveriesNeedingAttention() {
  const where = {
    OR: [{ outcome: "failed" as const }, { outcome: "received" as const, attempts: { gt: 0 } }],
  };
  const [rows, total] = await Promise.all([
    db.webhookDelivery.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: STUCK_DELIVERIES_SHOWN,
      select: {
        id: true,
        provider: true,
        outcome: true,
        attempts: true,
        error: true,
        receivedAt: true,
        payment: { select: { id: true, orderId: true } },
      },
    }),
    db.webhookDelivery.count({ where }),
  ]);
  return { rows, total };
}

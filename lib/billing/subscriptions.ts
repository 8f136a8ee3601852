import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** Every account starts on the free plan, which never expires. */
export async function startFreeSubscription(tx: Tx, userId: string, now = new Date()) {
  const free = await tx.plan.findUniqueOrThrow({ where: { slug: FREE_PLAN_SLUG } });
  return tx.subscription.create({
    data: {
      userId,
      planId: free.id,
      status: "active",
      currentPeriodStart: now,
      currentPeriodEnd: null,
      requestsLimit: free.monthlyQuota,
    },
  });
}

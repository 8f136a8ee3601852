import { db } from "@/lib/db";

// Reads for pages. Pages never query Prisma themselves; each read they need lives here.

/** The signed-in customer's plan, period and quota, for the dashboard. */
export function getAccountOverview(userId: string) {
  return db.subscription.findUnique({
    where: { userId },
    include: { plan: true, scheduledPlan: true },
  });
}

import { addMonths, laterOf } from "@/lib/billing/calendar";
import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { db, type Tx } from "@/lib/db";

// Subscription rules (one subscription per user), from the design (ARCHITECTURE.md, payment flow 5):
// - a completed payment for a higher or the same plan starts or extends the period by calendar
//   months from the later of now and the current end; a plan change resets request usage. (An
//   upgrade therefore also lifts the rest of the current period to the higher plan: the team's
//   deliberate, customer-friendly choice.)
// - a payment for a lower plan while a higher one is paid for is scheduled for the end of the paid
//   period (the customer has prepaid the next period on the lower plan). A schedule, once paid,
//   is never dropped: renewals and upgrades push it back, and only the same plan can be added to
//   it (checkout refuses a second, different one).
// - a period that has ended rolls over to the scheduled plan, or falls back to free;
// - the request quota is monthly, also on 12-month plans: usage resets every calendar month.

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
      usageResetsAt: addMonths(now, 1),
    },
  });
}

/** Locks the user's subscription row for the rest of the transaction, after settling it. */
async function lockSubscription(tx: Tx, userId: string, now: Date) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Subscription" WHERE "userId" = ${userId} FOR UPDATE`;
  if (locked.length === 0) await startFreeSubscription(tx, userId, now);
  await rollOver(tx, userId, now);
  await resetMonthlyUsage(tx, userId, now);
  return tx.subscription.findUniqueOrThrow({ where: { userId }, include: { plan: true } });
}

/** Applies period ends that have passed: to the scheduled plan, else back to free. */
async function rollOver(tx: Tx, userId: string, now: Date): Promise<void> {
  for (;;) {
    const sub = await tx.subscription.findUniqueOrThrow({ where: { userId } });
    if (!sub.currentPeriodEnd || sub.currentPeriodEnd > now) return;
    const end = sub.currentPeriodEnd;
    const next = sub.scheduledPlanId
      ? await tx.plan.findUniqueOrThrow({ where: { id: sub.scheduledPlanId } })
      : await tx.plan.findUniqueOrThrow({ where: { slug: FREE_PLAN_SLUG } });
    await tx.subscription.update({
      where: { userId },
      data: {
        planId: next.id,
        status: "active",
        currentPeriodStart: end,
        currentPeriodEnd: sub.scheduledPlanId ? addMonths(end, sub.scheduledMonths ?? 1) : null,
        scheduledPlanId: null,
        scheduledMonths: null,
        requestsLimit: next.monthlyQuota,
        requestsUsed: 0,
        usageResetsAt: addMonths(end, 1),
      },
    });
  }
}

async function resetMonthlyUsage(tx: Tx, userId: string, now: Date): Promise<void> {
  const sub = await tx.subscription.findUniqueOrThrow({ where: { userId } });
  if (sub.usageResetsAt > now) return;
  let next = sub.usageResetsAt;
  while (next <= now) next = addMonths(next, 1);
  await tx.subscription.update({ where: { userId }, data: { requestsUsed: 0, usageResetsAt: next } });
}

/** Brings a subscription up to date (period roll-over, monthly usage); pages call this first. */
export async function settleSubscription(userId: string, now = new Date()): Promise<void> {
  const sub = await db.subscription.findUnique({
    where: { userId },
    select: { currentPeriodEnd: true, usageResetsAt: true },
  });
  if (!sub) return;
  const periodOver = sub.currentPeriodEnd !== null && sub.currentPeriodEnd <= now;
  if (!periodOver && sub.usageResetsAt > now) return;
  await db.$transaction((tx) => lockSubscription(tx, userId, now));
}

/** The effect of a completed subscription payment. Returns what it did, for the timeline. */
export async function applySubscriptionPayment(
  tx: Tx,
  payment: { userId: string; planId: string; months: number },
  now: Date,
): Promise<string> {
  const sub = await lockSubscription(tx, payment.userId, now);
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: payment.planId } });
  const paidPeriodRunning = sub.currentPeriodEnd !== null && sub.currentPeriodEnd > now;

  if (paidPeriodRunning && plan.sortOrder < sub.plan.sortOrder) {
    if (sub.scheduledPlanId && sub.scheduledPlanId !== plan.id) {
      // Checkout refuses this; if it still happens (two tabs), keep the first schedule and leave
      // the money to be refunded, rather than silently dropping a paid period.
      return `not scheduled: another plan is already scheduled; refund this payment`;
    }
    const months = (sub.scheduledMonths ?? 0) + payment.months;
    await tx.subscription.update({
      where: { id: sub.id },
      data: { scheduledPlanId: plan.id, scheduledMonths: months },
    });
    return `${plan.name} for ${months} month(s) scheduled from ${sub.currentPeriodEnd!.toISOString()}`;
  }

  const samePlan = plan.id === sub.planId;
  const end = addMonths(laterOf(now, sub.currentPeriodEnd), payment.months);
  await tx.subscription.update({
    where: { id: sub.id },
    data: {
      planId: plan.id,
      status: "active",
      currentPeriodEnd: end,
      ...(samePlan
        ? {}
        : {
            currentPeriodStart: now,
            requestsLimit: plan.monthlyQuota,
            requestsUsed: 0,
            usageResetsAt: addMonths(now, 1),
          }),
    },
  });
  const scheduled = sub.scheduledPlanId ? `; the scheduled plan now starts ${end.toISOString()}` : "";
  return `${plan.name} active until ${end.toISOString()}${scheduled}`;
}

/** Choosing the free plan switches at once: no invoice, the paid period ends now. */
export async function switchToFreePlan(userId: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const sub = await lockSubscription(tx, userId, now);
    if (sub.plan.slug === FREE_PLAN_SLUG && !sub.scheduledPlanId) return;
    const free = await tx.plan.findUniqueOrThrow({ where: { slug: FREE_PLAN_SLUG } });
    await tx.subscription.update({
      where: { id: sub.id },
      data: {
        planId: free.id,
        currentPeriodStart: now,
        currentPeriodEnd: null,
        scheduledPlanId: null,
        scheduledMonths: null,
        requestsLimit: free.monthlyQuota,
        requestsUsed: 0,
        usageResetsAt: addMonths(now, 1),
      },
    });
  });
}

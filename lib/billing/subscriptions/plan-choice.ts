import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";

// What choosing a plan means for this customer right now; the plans page labels its buttons with
// it, and the apply path follows the same rules (subscriptions/rules.ts). Free is never bought:
// moving to it is a cancellation.

export type PlanChoice = "current" | "switch-to-free" | "upgrade" | "renew" | "schedule-downgrade";

export function planChoice(
  current: { slug: string; sortOrder: number; periodEnd: Date | null },
  target: { slug: string; sortOrder: number },
  now = new Date(),
): PlanChoice {
  const paidPeriodRunning = current.periodEnd !== null && current.periodEnd > now;
  if (target.slug === FREE_PLAN_SLUG) return current.slug === FREE_PLAN_SLUG ? "current" : "switch-to-free";
  if (target.slug === current.slug) return "renew";
  if (paidPeriodRunning && target.sortOrder < current.sortOrder) return "schedule-downgrade";
  return "upgrade";
}

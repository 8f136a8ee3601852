import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";

// What choosing a plan means for this customer right now; the plans page labels its buttons with
// it, and checkout follows the same rules (lib/billing/subscriptions.ts).

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

export const CHOICE_LABEL: Record<PlanChoice, string> = {
  current: "Current plan",
  "switch-to-free": "Switch to Free",
  upgrade: "Upgrade",
  renew: "Renew",
  "schedule-downgrade": "Switch at period end",
};

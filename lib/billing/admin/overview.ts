import { countNeedsAttention } from "@/lib/billing/payments/attention";
import { revenueChartSeries } from "@/lib/billing/admin/revenue-chart-series";
import { deliveriesNeedingAttention } from "@/lib/billing/admin/stuck-deliveries";
import {
  activeSubscriptionsByPlan,
  mrrByCurrency,
  paymentStatusCounts,
  revenueByDay,
  revenueTotals,
  revenueWindow,
  type RevenueWindowDays,
} from "@/lib/billing/admin/revenue";

// Everything the /admin page shows, read at once. The caller has already checked the admin role.

export async function getAdminOverview(options: { days: RevenueWindowDays; now?: Date }) {
  const now = options.now ?? new Date();
  const window = { days: options.days, now };
  const [daily, totals, statuses, subscriptions, mrr, deliveries, attention] = await Promise.all([
    revenueByDay(window),
    revenueTotals(window),
    paymentStatusCounts(window),
    activeSubscriptionsByPlan({ now }),
    mrrByCurrency({ now }),
    deliveriesNeedingAttention(),
    countNeedsAttention(),
  ]);
  return {
    window: revenueWindow(options.days, now),
    chart: revenueChartSeries(daily),
    totals,
    statuses,
    subscriptions,
    mrr,
    deliveries,
    /** Payments on the "needs attention" list (/admin/attention). */
    attention,
  };
}

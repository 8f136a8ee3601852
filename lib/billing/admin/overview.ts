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
import type { Locale } from "@/lib/i18n/locales";

// Everything the /admin page shows, read at once. The caller has already checked the admin role.
// `locale` is the reader's: the chart's figures are text formatted here, on the server.

export async function getAdminOverview(options: { days: RevenueWindowDays; locale: Locale; now?: Date }) {
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
    chart: revenueChartSeries(daily, options.locale),
    totals,
    statuses,
    subscriptions,
    mrr,
    deliveries,
    /** Payments on the "needs attention" list (/admin/attention). */
    attention,
  };
}

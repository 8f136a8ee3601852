import { formatMinorAmount, toMajorForPlot } from "@/lib/billing/admin/minor-amount";
import type { DailyRevenue } from "@/lib/billing/admin/revenue";
import type { Locale } from "@/lib/i18n/locales";

// What the client-side revenue chart receives: plain, serializable data. Kept apart from the
// reads so the chart's module graph never reaches the database client.

/** One series per currency, so no axis ever mixes currencies. */
export interface RevenueChartSeries {
  currency: string;
  /** The window's total, formatted from exact minor units. */
  totalLabel: string;
  points: {
    day: string;
    /** Major units as a float: bar height only, never shown as a figure. */
    value: number;
    /** The day's revenue as text, formatted from exact minor units (for the tooltip). */
    label: string;
  }[];
}

/** The figures as text in the reader's style (`locale`): the chart only plots. */
export function revenueChartSeries(daily: DailyRevenue[], locale: Locale): RevenueChartSeries[] {
  return daily.map(({ currency, points, total }) => ({
    currency,
    totalLabel: formatMinorAmount(total, currency, locale),
    points: points.map(({ day, amount }) => ({
      day,
      value: toMajorForPlot(amount, currency),
      label: formatMinorAmount(amount, currency, locale),
    })),
  }));
}

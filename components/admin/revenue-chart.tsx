"use client";

import { useLocale, useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueChartSeries } from "@/lib/billing/admin/revenue-chart-series";
import { INTL_LOCALE, type Locale } from "@/lib/i18n/locales";

type Point = RevenueChartSeries["points"][number];

// Days as the rest of the app writes them (lib/format.ts: en-GB day-month, ru-RU), in UTC.
const DAY_LOCALE: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** Revenue per UTC day of one currency: one chart per currency, so no axis mixes currencies. */
export function RevenueChart({ series }: { series: RevenueChartSeries }) {
  const t = useTranslations("admin.overview");
  const locale = useLocale();
  const days = new Intl.DateTimeFormat(DAY_LOCALE[locale], {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  // Axis ticks are scale marks the chart picks, not figures, so a compact float is fine there;
  // every amount shown as a figure (tooltip, total) was formatted on the server from minor units.
  const ticks = new Intl.NumberFormat(INTL_LOCALE[locale], { notation: "compact", maximumFractionDigits: 1 });
  const dayLabel = (day: string) => days.format(new Date(`${day}T00:00:00Z`));
  return (
    <figure data-testid={`revenue-chart-${series.currency}`} className="min-w-0">
      <figcaption className="mb-2 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-700">{series.currency}</span>
        <span className="tabular-nums text-slate-600">{series.totalLabel}</span>
      </figcaption>
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 280, height: 192 }}>
          <BarChart data={series.points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--color-slate-200)" />
            <XAxis
              dataKey="day"
              tickFormatter={dayLabel}
              tick={{ fontSize: 11, fill: "var(--color-slate-500)" }}
              minTickGap={24}
              tickLine={false}
            />
            <YAxis
              width={44}
              tickFormatter={(value: number) => ticks.format(value)}
              tick={{ fontSize: 11, fill: "var(--color-slate-500)" }}
              tickLine={false}
              axisLine={false}
              allowDecimals={false}
            />
            <Tooltip
              cursor={{ fill: "var(--color-slate-100)" }}
              contentStyle={{ background: "var(--color-surface)", borderColor: "var(--color-slate-200)" }}
              labelFormatter={(day) => (typeof day === "string" ? dayLabel(day) : day)}
              formatter={(_value, _name, item) => [(item.payload as Point).label, t("revenue")]}
            />
            <Bar
              dataKey="value"
              fill="var(--color-brand-600)"
              radius={[2, 2, 0, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

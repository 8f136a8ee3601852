"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RevenueChartSeries } from "@/lib/billing/admin/revenue-chart-series";

type Point = RevenueChartSeries["points"][number];

const DAY_LABEL = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
// Axis ticks are scale marks the chart picks, not figures, so a compact float is fine there;
// every amount shown as a figure (tooltip, total) was formatted on the server from minor units.
const TICK_LABEL = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

function dayLabel(day: string): string {
  return DAY_LABEL.format(new Date(`${day}T00:00:00Z`));
}

/** Revenue per UTC day of one currency: one chart per currency, so no axis mixes currencies. */
export function RevenueChart({ series }: { series: RevenueChartSeries }) {
  return (
    <figure data-testid={`revenue-chart-${series.currency}`} className="min-w-0">
      <figcaption className="mb-2 flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-slate-700">{series.currency}</span>
        <span className="tabular-nums text-slate-600">{series.totalLabel}</span>
      </figcaption>
      <div className="h-48 w-full">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 280, height: 192 }}>
          <BarChart data={series.points} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis
              dataKey="day"
              tickFormatter={dayLabel}
              tick={{ fontSize: 11, fill: "#64748b" }}
              minTickGap={24}
              tickLine={false}
            />
            <YAxis
              width={44}
              tickFormatter={(value: number) => TICK_LABEL.format(value)}
              tick={{ fontSize: 11, fill: "#64748b" }}
              tickLine={false}
              axisLine={false}
              allowDecimals={false}
            />
            <Tooltip
              cursor={{ fill: "#f1f5f9" }}
              labelFormatter={(day) => (typeof day === "string" ? dayLabel(day) : day)}
              formatter={(_value, _name, item) => [(item.payload as Point).label, "Revenue"]}
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

import type { Metadata } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { CurrencyGroup, FigureList } from "@/components/admin/figure-list";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { formatMinorAmount } from "@/lib/billing/admin/minor-amount";
import { getAdminOverview } from "@/lib/billing/admin/overview";
import { REVENUE_WINDOWS } from "@/lib/billing/admin/revenue";
import { formatDate, formatDateTime } from "@/lib/format";
import { parseOverviewParams } from "@/lib/validations/admin";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

export const metadata: Metadata = { title: "Admin" };

const STATUS_ORDER: PaymentStatus[] = [
  "completed",
  "failed",
  "pending",
  "partially_paid",
  "expired",
  "canceled",
  "refunded",
];

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export default async function AdminPage({ searchParams }: PageProps<"/admin">) {
  const admin = await requireAdmin();
  const { days } = parseOverviewParams(await searchParams);
  const overview = await getAdminOverview({ days });
  const { window, chart, totals, statuses, subscriptions, mrr, deliveries, attention } = overview;
  const lastDay = new Date(window.end.getTime() - 1);

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Admin</h1>
        <p className="text-sm text-slate-600">Signed in as {admin.email}.</p>
        <AdminNav current="overview" />
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="window-days" data-days={window.days}>
          Last {window.days} days: {formatDate(window.start)} – {formatDate(lastDay)} (UTC)
        </p>
        <nav aria-label="Period" className="inline-flex rounded-md border border-slate-300 bg-surface text-sm">
          {REVENUE_WINDOWS.map((option) => (
            <Link
              key={option}
              href={`/admin?days=${option}`}
              aria-current={option === days ? "page" : undefined}
              data-testid={`window-${option}`}
              className={`px-3 py-1.5 font-medium first:rounded-l-md last:rounded-r-md ${
                option === days ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-50"
              }`}
            >
              {option} days
            </Link>
          ))}
        </nav>
      </div>

      {attention > 0 ? (
        <Card title="Payments that need attention">
          <p className="text-sm text-slate-600">
            <Link
              href="/admin/attention"
              className="font-medium text-brand-700 hover:underline"
              data-testid="attention-link"
            >
              {plural(attention, "payment")} need{attention === 1 ? "s" : ""} attention
            </Link>
            : completed but not applied as bought (left out of revenue), or a refund that failed.
          </p>
        </Card>
      ) : null}

      {deliveries.total > 0 ? (
        <Card title="Webhook deliveries that need attention">
          <p className="text-sm text-slate-600">
            {plural(deliveries.total, "delivery")} could not be applied: retried with backoff, or given up
            after the last try. Fix the cause, then replay each from its payment&apos;s page.
          </p>
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="stuck-deliveries">
            {deliveries.rows.map((row) => (
              <li key={row.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span>
                  {row.payment ? (
                    <Link
                      href={`/admin/payments/${row.payment.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {row.payment.orderId}
                    </Link>
                  ) : (
                    row.id
                  )}{" "}
                  · {row.provider} ·{" "}
                  {row.outcome === "failed" ? "gave up" : `retrying (${row.attempts} tries)`}
                </span>
                <span className="text-slate-500">
                  {formatDateTime(row.receivedAt)} · {row.error}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Revenue per day">
        <div data-testid="revenue-chart" className="grid gap-6 md:grid-cols-2">
          {chart.length === 0 ? (
            <p className="text-sm text-slate-500">No completed payments in this period.</p>
          ) : (
            chart.map((series) => <RevenueChart key={series.currency} series={series} />)
          )}
        </div>
      </Card>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card title="Revenue">
          <FigureList
            empty="No revenue in this period."
            figures={totals.map((row) => ({
              key: row.currency,
              label: row.currency,
              value: formatMinorAmount(row.total, row.currency),
              note: plural(row.payments, "payment"),
              testId: `revenue-total-${row.currency}`,
            }))}
          />
        </Card>

        <Card title="By plan">
          {totals.length === 0 ? <p className="text-sm text-slate-500">Nothing yet.</p> : null}
          {totals.map((row) => (
            <CurrencyGroup key={row.currency} currency={row.currency}>
              <FigureList
                empty="—"
                figures={row.byPlan.map((slice) => ({
                  key: slice.key,
                  label: slice.label,
                  value: formatMinorAmount(slice.amount, row.currency),
                  note: plural(slice.payments, "payment"),
                  testId: `revenue-by-plan-${row.currency}-${slice.key}`,
                }))}
              />
            </CurrencyGroup>
          ))}
        </Card>

        <Card title="By provider">
          {totals.length === 0 ? <p className="text-sm text-slate-500">Nothing yet.</p> : null}
          {totals.map((row) => (
            <CurrencyGroup key={row.currency} currency={row.currency}>
              <FigureList
                empty="—"
                figures={row.byProvider.map((slice) => ({
                  key: slice.key,
                  label: PROVIDER_LABEL[slice.provider],
                  value: formatMinorAmount(slice.amount, row.currency),
                  note: plural(slice.payments, "payment"),
                  testId: `revenue-by-provider-${row.currency}-${slice.provider}`,
                }))}
              />
            </CurrencyGroup>
          ))}
        </Card>

        <Card title="Payments opened">
          <FigureList
            empty="—"
            figures={STATUS_ORDER.map((status) => ({
              key: status,
              label: <PaymentStatusBadge status={status} />,
              value: statuses.counts[status],
              testId: `status-count-${status}`,
            }))}
          />
          <p className="mt-2 text-xs text-slate-500">
            {plural(statuses.total, "payment")} created in the period, by where they stand now.
          </p>
        </Card>

        <Card title="Active subscriptions">
          <FigureList
            empty="No paid plans."
            figures={[
              ...subscriptions.plans.map((plan) => ({
                key: plan.slug,
                label: plan.name,
                value: plan.count,
                testId: `active-subs-${plan.slug}`,
              })),
              { key: "free", label: "Free plan", value: subscriptions.free, testId: "active-subs-free" },
            ]}
          />
          {subscriptions.lapsed > 0 ? (
            <p className="mt-2 text-xs text-slate-500">
              {plural(subscriptions.lapsed, "paid period")} ended, not yet rolled over (not counted).
            </p>
          ) : null}
        </Card>

        <Card title="MRR">
          <FigureList
            empty="No active paid subscriptions."
            figures={mrr.currencies.map((row) => ({
              key: row.currency,
              label: row.currency,
              value: formatMinorAmount(row.amount, row.currency),
              note: plural(row.subscriptions, "subscription"),
              testId: `mrr-${row.currency}`,
            }))}
          />
          <p className="mt-2 text-xs text-slate-500">
            Each active paid subscription at its latest payment for its plan; 12 months count 1/12 a month.
            {mrr.unpriced > 0
              ? ` ${plural(mrr.unpriced, "subscription")} without a payment not counted.`
              : ""}
          </p>
        </Card>
      </div>
    </div>
  );
}

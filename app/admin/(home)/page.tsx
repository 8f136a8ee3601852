import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminNav } from "@/components/admin/admin-nav";
import { CurrencyGroup, FigureList } from "@/components/admin/figure-list";
import { RevenueChart } from "@/components/admin/revenue-chart";
import { providerLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { formatMinorAmount } from "@/lib/billing/admin/minor-amount";
import { getAdminOverview } from "@/lib/billing/admin/overview";
import { REVENUE_WINDOWS } from "@/lib/billing/admin/revenue";
import { formatDate, formatDateTime, formatNumber } from "@/lib/format";
import { PaymentProvider, type PaymentStatus } from "@/lib/generated/prisma/enums";
import { parseOverviewParams } from "@/lib/validations/admin";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("overview") };
}

const STATUS_ORDER: PaymentStatus[] = [
  "completed",
  "failed",
  "pending",
  "partially_paid",
  "expired",
  "canceled",
  "refunded",
];

const isProvider = (name: string): name is PaymentProvider => name in PaymentProvider;

export default async function AdminPage({ searchParams }: PageProps<"/admin">) {
  const admin = await requireAdmin();
  const { days } = parseOverviewParams(await searchParams);
  const [locale, t, root] = await Promise.all([
    getLocale(),
    getTranslations("admin.overview"),
    getTranslations(),
  ]);
  const overview = await getAdminOverview({ days, locale });
  const { window, chart, totals, statuses, subscriptions, mrr, deliveries, attention } = overview;
  const lastDay = new Date(window.end.getTime() - 1);
  const money = (amount: number | string, currency: string) => formatMinorAmount(amount, currency, locale);
  const payments = (count: number) => t("payments", { count });

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="break-words text-sm text-slate-600">{t("signedInAs", { email: admin.email })}</p>
        <AdminNav current="overview" />
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600" data-testid="window-days" data-days={window.days}>
          {t("window", {
            days: window.days,
            from: formatDate(window.start, locale),
            to: formatDate(lastDay, locale),
          })}
        </p>
        <nav
          aria-label={t("period")}
          className="inline-flex rounded-md border border-slate-300 bg-surface text-sm"
        >
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
              {root("common.days", { count: option })}
            </Link>
          ))}
        </nav>
      </div>

      {attention > 0 ? (
        <Card title={t("attentionTitle")}>
          <p className="text-sm text-slate-600">
            {t.rich("attentionBody", {
              count: attention,
              link: (chunks) => (
                <Link
                  href="/admin/attention"
                  className="font-medium text-brand-700 hover:underline"
                  data-testid="attention-link"
                >
                  {chunks}
                </Link>
              ),
            })}
          </p>
        </Card>
      ) : null}

      {deliveries.total > 0 ? (
        <Card title={t("deliveriesTitle")}>
          <p className="text-sm text-slate-600">{t("deliveriesBody", { count: deliveries.total })}</p>
          <ul className="mt-3 divide-y divide-slate-100 text-sm" data-testid="stuck-deliveries">
            {deliveries.rows.map((row) => (
              <li key={row.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span className="min-w-0 break-words">
                  {row.payment ? (
                    <Link
                      href={`/admin/payments/${row.payment.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {row.payment.orderId}
                    </Link>
                  ) : (
                    row.id
                  )}
                  {" · "}
                  {isProvider(row.provider) ? providerLabel(root, row.provider) : row.provider}
                  {" · "}
                  {row.outcome === "failed"
                    ? t("deliveryGaveUp")
                    : t("deliveryRetrying", { count: row.attempts })}
                </span>
                <span className="min-w-0 break-words text-slate-500">
                  {formatDateTime(row.receivedAt, locale)}
                  {row.error ? ` · ${row.error}` : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title={t("revenuePerDay")}>
        <div data-testid="revenue-chart" className="grid gap-6 md:grid-cols-2">
          {chart.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noCompleted")}</p>
          ) : (
            chart.map((series) => <RevenueChart key={series.currency} series={series} />)
          )}
        </div>
      </Card>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card title={t("revenue")}>
          <FigureList
            empty={t("noRevenue")}
            figures={totals.map((row) => ({
              key: row.currency,
              label: row.currency,
              value: money(row.total, row.currency),
              note: payments(row.payments),
              testId: `revenue-total-${row.currency}`,
            }))}
          />
        </Card>

        <Card title={t("byPlan")}>
          {totals.length === 0 ? <p className="text-sm text-slate-500">{t("nothingYet")}</p> : null}
          {totals.map((row) => (
            <CurrencyGroup key={row.currency} currency={row.currency}>
              <FigureList
                empty="—"
                figures={row.byPlan.map((slice) => ({
                  key: slice.key,
                  label:
                    slice.label ??
                    (slice.kind === "topup"
                      ? root("common.purpose.topup")
                      : slice.kind === "product"
                        ? root("common.purpose.product")
                        : t("planGone")),
                  value: money(slice.amount, row.currency),
                  note: payments(slice.payments),
                  testId: `revenue-by-plan-${row.currency}-${slice.key}`,
                }))}
              />
            </CurrencyGroup>
          ))}
        </Card>

        <Card title={t("byProvider")}>
          {totals.length === 0 ? <p className="text-sm text-slate-500">{t("nothingYet")}</p> : null}
          {totals.map((row) => (
            <CurrencyGroup key={row.currency} currency={row.currency}>
              <FigureList
                empty="—"
                figures={row.byProvider.map((slice) => ({
                  key: slice.key,
                  label: providerLabel(root, slice.provider),
                  value: money(slice.amount, row.currency),
                  note: payments(slice.payments),
                  testId: `revenue-by-provider-${row.currency}-${slice.provider}`,
                }))}
              />
            </CurrencyGroup>
          ))}
        </Card>

        <Card title={t("paymentsOpened")}>
          <FigureList
            empty="—"
            figures={STATUS_ORDER.map((status) => ({
              key: status,
              label: <PaymentStatusBadge status={status} />,
              value: formatNumber(statuses.counts[status], locale),
              testId: `status-count-${status}`,
            }))}
          />
          <p className="mt-2 text-xs text-slate-500">{t("openedNote", { count: statuses.total })}</p>
        </Card>

        <Card title={t("activeSubscriptions")}>
          <FigureList
            empty={t("noPaidPlans")}
            figures={[
              ...subscriptions.plans.map((plan) => ({
                key: plan.slug,
                label: plan.name,
                value: formatNumber(plan.count, locale),
                testId: `active-subs-${plan.slug}`,
              })),
              {
                key: "free",
                label: t("freePlan"),
                value: formatNumber(subscriptions.free, locale),
                testId: "active-subs-free",
              },
            ]}
          />
          {subscriptions.lapsed > 0 ? (
            <p className="mt-2 text-xs text-slate-500">{t("lapsed", { count: subscriptions.lapsed })}</p>
          ) : null}
        </Card>

        <Card title={t("mrr")}>
          <FigureList
            empty={t("noActivePaid")}
            figures={mrr.currencies.map((row) => ({
              key: row.currency,
              label: row.currency,
              value: money(row.amount, row.currency),
              note: t("subscriptions", { count: row.subscriptions }),
              testId: `mrr-${row.currency}`,
            }))}
          />
          <p className="mt-2 text-xs text-slate-500">
            {t("mrrNote")}
            {mrr.unpriced > 0 ? ` ${t("unpriced", { count: mrr.unpriced })}` : null}
          </p>
        </Card>
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { applyAsTimeAction } from "./actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { ApplyAsTimeForm } from "@/components/admin/apply-as-time-form";
import { providerLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { listNeedsAttention } from "@/lib/billing/payments/attention";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDateTime } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("attention") };
}

// Payments that completed but could not be applied as bought, and refunds that failed: each
// waits here (and out of revenue, for the former) until an admin refunds it from its page or
// applies its value as time. Those a provider can refund by API are refunded by a sweep first.
export default async function AttentionPage() {
  await requireAdmin();
  const [rows, locale, t, root] = await Promise.all([
    listNeedsAttention(),
    getLocale(),
    getTranslations("admin.attention"),
    getTranslations(),
  ]);
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <AdminNav current="attention" />
      </div>
      <Card title={t("count", { count: rows.length })}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">{t("none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="attention-list">
            {rows.map((row) => (
              <li key={row.id} className="space-y-2 py-3">
                <p className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/admin/payments/${row.id}`}
                    className="break-all font-medium text-brand-700 hover:underline"
                  >
                    {row.orderId}
                  </Link>
                  <PaymentStatusBadge status={row.status} />
                  <span className="min-w-0 break-words">
                    {formatMoney(row.amount, row.currency, locale)}
                    {" · "}
                    {providerLabel(root, row.provider)}
                    {row.plan
                      ? ` · ${root("common.purpose.subscription", { plan: row.plan.name, months: row.months ?? 1 })}`
                      : null}
                    {row.user ? ` · ${row.user.email}` : null}
                  </span>
                </p>
                <p className="break-words text-slate-700">{row.attentionReason}</p>
                <p className="text-xs text-slate-500">
                  {t("since", {
                    date: row.attentionSince ? formatDateTime(row.attentionSince, locale) : "—",
                  })}
                </p>
                {row.attentionReason?.startsWith(NOT_APPLIED) && row.plan && row.status === "completed" ? (
                  <ApplyAsTimeForm
                    action={applyAsTimeAction}
                    paymentId={row.id}
                    what={root("common.purpose.subscription", {
                      plan: row.plan.name,
                      months: row.months ?? 1,
                    })}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { applyAsTimeAction } from "./actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { ApplyAsTimeForm } from "@/components/admin/apply-as-time-form";
import { PROVIDER_LABEL } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { listNeedsAttention } from "@/lib/billing/payments/attention";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Needs attention" };

// Payments that completed but could not be applied as bought, and refunds that failed: each
// waits here (and out of revenue, for the former) until an admin refunds it from its page or
// applies its value as time. Those a provider can refund by API are refunded by a sweep first.
export default async function AttentionPage() {
  await requireAdmin();
  const rows = await listNeedsAttention();
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Needs attention</h1>
        <AdminNav current="attention" />
      </div>
      <Card title={`${rows.length} payment${rows.length === 1 ? "" : "s"}`}>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing needs attention.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="attention-list">
            {rows.map((row) => (
              <li key={row.id} className="space-y-2 py-3">
                <p className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/admin/payments/${row.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {row.orderId}
                  </Link>
                  <PaymentStatusBadge status={row.status} />
                  <span>
                    {formatMoney(row.amount, row.currency)} · {PROVIDER_LABEL[row.provider]}
                    {row.plan ? ` · ${row.plan.name}, ${row.months} month(s)` : ""}
                    {row.user ? ` · ${row.user.email}` : ""}
                  </span>
                </p>
                <p className="text-slate-700">{row.attentionReason}</p>
                <p className="text-xs text-slate-500">
                  since {row.attentionSince ? formatDateTime(row.attentionSince) : "—"}
                </p>
                {row.attentionReason?.startsWith(NOT_APPLIED) && row.plan && row.status === "completed" ? (
                  <ApplyAsTimeForm
                    action={applyAsTimeAction}
                    paymentId={row.id}
                    what={`${row.plan.name} × ${row.months}`}
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

import type { Metadata, Route } from "next";
import Link from "next/link";
import { PROVIDER_LABEL, purposeLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { NewerOlderPager } from "@/components/ui/newer-older-pager";
import { requireUser } from "@/lib/auth/session";
import { canStillPay } from "@/lib/billing/payments/view";
import { formatMoney } from "@/lib/billing/pricing";
import { listCustomerPayments } from "@/lib/billing/payments/queries";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Payments" };

export default async function PaymentsPage({ searchParams }: PageProps<"/dashboard/payments">) {
  const user = await requireUser();
  const { before } = await searchParams;
  const cursor = decodeCursor(before); // a bad cursor shows the first page
  const { payments, hasMore } = await listCustomerPayments(user.id, cursor ?? undefined);
  const last = payments.at(-1);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Payments</h1>
      <Card padded={false} className="overflow-x-auto">
        {payments.length === 0 ? (
          <p className="p-5 text-slate-600">
            No payments yet.{" "}
            <Link href="/dashboard/plans" className="text-brand-700 hover:underline">
              See the plans
            </Link>
          </p>
        ) : (
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Date</th>
                <th className="px-4 py-2 font-medium">What</th>
                <th className="px-4 py-2 text-right font-medium">Amount</th>
                <th className="px-4 py-2 font-medium">Method</th>
                <th className="px-4 py-2 font-medium">Status</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {payments.map((payment) => (
                <tr key={payment.id} data-testid="payment-row">
                  <td className="whitespace-nowrap px-4 py-2">{formatDate(payment.createdAt)}</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <Link
                      href={`/dashboard/payment/success?order_id=${encodeURIComponent(payment.orderId)}`}
                      className="hover:underline"
                    >
                      {purposeLabel(payment)}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                    {formatMoney(payment.amount, payment.currency)}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{PROVIDER_LABEL[payment.provider]}</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    <PaymentStatusBadge status={payment.status} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    {canStillPay(payment) && payment.paymentUrl ? (
                      <a href={payment.paymentUrl} className="font-medium text-brand-700 hover:underline">
                        Pay
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <NewerOlderPager
        firstHref={cursor ? "/dashboard/payments" : null}
        nextHref={hasMore && last ? (`/dashboard/payments?before=${encodeCursor(last)}` as Route) : null}
        nextLabel="Older →"
      />
    </div>
  );
}

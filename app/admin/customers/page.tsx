import type { Metadata, Route } from "next";
import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { NewerOlderPager } from "@/components/ui/newer-older-pager";
import { requireAdmin } from "@/lib/auth/session";
import { searchCustomers } from "@/lib/billing/admin/customers";
import { formatMoney } from "@/lib/billing/pricing";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { formatDate } from "@/lib/format";
import { parseCustomerSearchParams } from "@/lib/validations/admin";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ searchParams }: PageProps<"/admin/customers">) {
  await requireAdmin();
  const { q, cursor } = parseCustomerSearchParams(await searchParams);
  const { rows, nextCursor } = await searchCustomers({ q, cursor });
  const pageHref = (next?: string): Route => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (next) params.set("cursor", next);
    const query = params.toString();
    return `/admin/customers${query ? `?${query}` : ""}` as Route;
  };

  return (
    <div className="space-y-4">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Customers</h1>
        <AdminNav current="customers" />
      </div>

      <form method="get" action="/admin/customers" role="search" className="flex gap-2">
        <label htmlFor="q" className="sr-only">
          Email or user id
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q ?? ""}
          placeholder="Email starts with…, or a user id"
          maxLength={200}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        />
        <Button type="submit">Search</Button>
      </form>

      <Card padded={false} className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="p-5 text-slate-600" data-testid="customers-empty">
            {q ? `No account matches “${q}”.` : "No accounts yet."}
          </p>
        ) : (
          <table className="min-w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Customer</th>
                <th className="px-4 py-2 font-medium">Plan</th>
                <th className="px-4 py-2 font-medium">Period end</th>
                {/* The wallet arrives with a later issue; the columns are here so the layout is ready. */}
                <th className="px-4 py-2 text-right font-medium">Balance</th>
                <th className="px-4 py-2 text-right font-medium">Free operations</th>
                <th className="px-4 py-2 font-medium">Last payment</th>
                <th className="px-4 py-2 font-medium">Telegram</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id} data-testid="customer-row">
                  <td className="px-4 py-2">
                    <Link
                      href={`/admin/customers/${row.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {row.email ?? "Telegram user (no email)"}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {row.role === "ADMIN" ? "Admin · " : ""}since {formatDate(row.createdAt)}
                    </span>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">
                    {row.plan?.name ?? "—"}
                    {row.scheduledPlan ? (
                      <span className="block text-xs text-slate-500">then {row.scheduledPlan.name}</span>
                    ) : null}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">
                    {row.currentPeriodEnd ? formatDate(row.currentPeriodEnd) : "—"}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">
                    {row.balance === null ? "—" : formatMoney(row.balance, WALLET_CURRENCY)}
                  </td>
                  <td className="px-4 py-2 text-right text-slate-400">—</td>
                  <td className="whitespace-nowrap px-4 py-2">
                    {row.lastPayment ? (
                      <span className="flex items-center gap-2">
                        <span className="tabular-nums">
                          {formatMoney(row.lastPayment.amount, row.lastPayment.currency)}
                        </span>
                        <PaymentStatusBadge status={row.lastPayment.status} />
                        <span className="text-xs text-slate-500">
                          {formatDate(row.lastPayment.createdAt)}
                        </span>
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{row.telegramLinked ? "Linked" : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <NewerOlderPager
        firstHref={cursor ? pageHref() : null}
        nextHref={nextCursor ? pageHref(nextCursor) : null}
        nextLabel="Next page →"
      />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { topUpAction } from "./actions";
import { OperationsList } from "@/components/billing/operations-list";
import { TopUpForm } from "@/components/billing/top-up-form";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/pricing";
import { getWalletPage } from "@/lib/billing/wallet/queries";
import { TOPUP_PRESETS_RUB } from "@/lib/billing/wallet/topup";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";

export const metadata: Metadata = { title: "Balance" };

// The prepaid wallet: its balance, a top-up through YooKassa, and the ledger that explains every
// change of the balance (each line with the balance after it).
export default async function BalancePage() {
  const user = await requireUser();
  const wallet = await getWalletPage(user.id);
  const money = (minor: number) => formatMoney(minor, wallet.currency);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Balance</h1>
      <Card title="Your balance">
        <p className="text-3xl font-semibold" data-testid="balance">
          {money(wallet.balance)}
        </p>
        <p className="mt-1 text-sm text-slate-600" data-testid="free-operations">
          Free operations left: {wallet.freeOperationsLeft}
        </p>
        <div className="mt-4">
          <TopUpForm
            action={topUpAction}
            presets={TOPUP_PRESETS_RUB}
            max={money(env().TOPUP_MAX_RUB * 100)}
          />
        </div>
      </Card>

      <Card title="Ledger">
        {wallet.entries.length === 0 ? (
          <p className="text-sm text-slate-600">No movements yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Ledger">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">Date</th>
                  <th className="py-2 pr-4 font-medium">What</th>
                  <th className="py-2 pr-4 text-right font-medium">Amount</th>
                  <th className="py-2 text-right font-medium">Balance after</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {wallet.entries.map((entry) => (
                  <tr key={entry.id} data-testid="ledger-row">
                    <td className="py-2 pr-4 whitespace-nowrap">{formatDate(entry.createdAt)}</td>
                    <td className="py-2 pr-4">
                      {entry.description}
                      {entry.reason ? <span className="text-slate-500"> · {entry.reason}</span> : null}
                      {entry.payment ? (
                        <span className="text-slate-500"> · {entry.payment.orderId}</span>
                      ) : null}
                    </td>
                    <td
                      className={`py-2 pr-4 text-right whitespace-nowrap ${entry.amount < 0 ? "text-red-700" : "text-emerald-700"}`}
                    >
                      {entry.amount > 0 ? "+" : "−"}
                      {money(Math.abs(entry.amount))}
                    </td>
                    <td className="py-2 text-right whitespace-nowrap">{money(entry.balanceAfter)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Operations">
        <OperationsList operations={wallet.operations} />
      </Card>

      <Card title="Top-ups">
        {wallet.topUps.length === 0 ? (
          <p className="text-sm text-slate-600">No top-ups yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {wallet.topUps.map((topUp) => (
              <li key={topUp.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {formatDate(topUp.createdAt)} · {money(topUp.amount)}
                  {topUp.amountRefunded > 0 ? ` · refunded ${money(topUp.amountRefunded)}` : ""}
                  {topUp.failureReason ? (
                    <span className="text-slate-500"> · {topUp.failureReason}</span>
                  ) : null}
                </span>
                <span className="flex items-center gap-3">
                  <PaymentStatusBadge status={topUp.status} />
                  <Link
                    href={`/dashboard/payment/success?order_id=${encodeURIComponent(topUp.orderId)}`}
                    className="text-brand-700 hover:underline"
                  >
                    {topUp.orderId}
                  </Link>
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

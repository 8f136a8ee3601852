import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { topUpAction } from "./actions";
import { OperationsList } from "@/components/billing/operations-list";
import { TopUpForm } from "@/components/billing/top-up-form";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/pricing";
import { getWalletPage, type WalletPage } from "@/lib/billing/wallet/queries";
import { TOPUP_MIN_RUB, TOPUP_PRESETS_RUB } from "@/lib/billing/wallet/topup";
import { env } from "@/lib/env";
import { formatDate } from "@/lib/format";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.balance");
  return { title: t("metaTitle") };
}

/** What a ledger line is, by its kind: an operation's charge is named by its operation type. */
function entryKind(entry: WalletPage["entries"][number]) {
  switch (entry.kind) {
    case "charge":
      return null; // its description is the operation type's name
    case "adjustment":
      return entry.amount > 0 ? "credit" : "debit";
    case "transfer":
      return entry.amount > 0 ? "transferIn" : "transferOut";
    case "topup":
    case "topup_refund":
    case "refund":
      return entry.kind;
  }
}

// The prepaid wallet: its balance, a top-up through YooKassa, and the ledger that explains every
// change of the balance (each line with the balance after it).
export default async function BalancePage() {
  const user = await requireUser();
  const [t, locale] = await Promise.all([getTranslations("dashboard.balance"), getLocale()]);
  const wallet = await getWalletPage(user.id);
  const money = (minor: number) => formatMoney(minor, wallet.currency, locale);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card title={t("yours")}>
        <p className="text-3xl font-semibold" data-testid="balance">
          {money(wallet.balance)}
        </p>
        <p className="mt-1 text-sm text-slate-600" data-testid="free-operations">
          {t("freeOperations", { count: wallet.freeOperationsLeft })}
        </p>
        <div className="mt-4">
          <ClientMessages namespaces={["dashboard"]}>
            <TopUpForm
              action={topUpAction}
              presets={TOPUP_PRESETS_RUB}
              min={TOPUP_MIN_RUB}
              max={money(env().TOPUP_MAX_RUB * 100)}
            />
          </ClientMessages>
        </div>
      </Card>

      <Card title={t("ledger")}>
        {wallet.entries.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noMovements")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label={t("ledger")}>
              <thead className="text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">{t("date")}</th>
                  <th className="py-2 pr-4 font-medium">{t("what")}</th>
                  <th className="py-2 pr-4 text-right font-medium">{t("amount")}</th>
                  <th className="py-2 text-right font-medium">{t("balanceAfter")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {wallet.entries.map((entry) => {
                  const kind = entryKind(entry);
                  return (
                    <tr key={entry.id} data-testid="ledger-row">
                      <td className="py-2 pr-4 whitespace-nowrap">{formatDate(entry.createdAt, locale)}</td>
                      <td className="py-2 pr-4">
                        {kind ? t(`entry.${kind}`) : entry.description}
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
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title={t("operations")}>
        <OperationsList operations={wallet.operations} />
      </Card>

      <Card title={t("topUps")}>
        {wallet.topUps.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noTopUps")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {wallet.topUps.map((topUp) => (
              <li key={topUp.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {formatDate(topUp.createdAt, locale)} · {money(topUp.amount)}
                  {topUp.amountRefunded > 0 ? (
                    <>
                      {" · "}
                      {t("refunded", { amount: money(topUp.amountRefunded) })}
                    </>
                  ) : null}
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

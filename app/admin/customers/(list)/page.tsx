import type { Metadata, Route } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("customers") };
}

// On a phone each row is a card (label beside each value); from md up, a table.
const cell = "flex justify-between gap-3 py-0.5 md:table-cell md:px-4 md:py-2";
const label = "text-slate-500 md:hidden";

export default async function CustomersPage({ searchParams }: PageProps<"/admin/customers">) {
  await requireAdmin();
  const { q, cursor } = parseCustomerSearchParams(await searchParams);
  const [{ rows, nextCursor }, locale, t] = await Promise.all([
    searchCustomers({ q, cursor }),
    getLocale(),
    getTranslations("admin.customers"),
  ]);
  const pageHref = (next?: string): Route => {
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (next) params.set("cursor", next);
    const query = params.toString();
    return `/admin/customers${query ? `?${query}` : ""}` as Route;
  };
  const columns = {
    customer: t("customer"),
    plan: t("plan"),
    periodEnd: t("periodEnd"),
    balance: t("balance"),
    freeOperations: t("freeOperations"),
    lastPayment: t("lastPayment"),
    telegram: t("telegram"),
  };

  return (
    <div className="space-y-4">
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <AdminNav current="customers" />
      </div>

      <form method="get" action="/admin/customers" role="search" className="flex gap-2">
        <label htmlFor="q" className="sr-only">
          {t("searchLabel")}
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q ?? ""}
          placeholder={t("searchPlaceholder")}
          maxLength={200}
          className="block w-full min-w-0 rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        />
        <Button type="submit">{t("search")}</Button>
      </form>

      <Card padded={false} className="overflow-x-auto">
        {rows.length === 0 ? (
          <p className="p-5 text-slate-600" data-testid="customers-empty">
            {q ? t("noMatch", { q }) : t("none")}
          </p>
        ) : (
          <table className="block w-full text-left text-sm md:table">
            <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
              <tr>
                <th className="px-4 py-2 font-medium">{columns.customer}</th>
                <th className="px-4 py-2 font-medium">{columns.plan}</th>
                <th className="px-4 py-2 font-medium">{columns.periodEnd}</th>
                {/* Free operations are per wallet: the column is here so the layout is ready. */}
                <th className="px-4 py-2 text-right font-medium">{columns.balance}</th>
                <th className="px-4 py-2 text-right font-medium">{columns.freeOperations}</th>
                <th className="px-4 py-2 font-medium">{columns.lastPayment}</th>
                <th className="px-4 py-2 font-medium">{columns.telegram}</th>
              </tr>
            </thead>
            <tbody className="block divide-y divide-slate-100 md:table-row-group">
              {rows.map((row) => (
                <tr key={row.id} data-testid="customer-row" className="block px-4 py-3 md:table-row md:p-0">
                  <td className="block pb-1 md:table-cell md:px-4 md:py-2">
                    <Link
                      href={`/admin/customers/${row.id}`}
                      className="break-all font-medium text-brand-700 hover:underline"
                    >
                      {row.email ?? t("telegramUser")}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {row.role === "ADMIN"
                        ? t("adminSince", { date: formatDate(row.createdAt, locale) })
                        : t("since", { date: formatDate(row.createdAt, locale) })}
                    </span>
                  </td>
                  <td className={cell}>
                    <span className={label}>{columns.plan}</span>
                    <span className="text-right md:whitespace-nowrap md:text-left">
                      {row.plan?.name ?? "—"}
                      {row.scheduledPlan ? (
                        <span className="block text-xs text-slate-500">
                          {t("then", { plan: row.scheduledPlan.name })}
                        </span>
                      ) : null}
                    </span>
                  </td>
                  <td className={`${cell} md:whitespace-nowrap`}>
                    <span className={label}>{columns.periodEnd}</span>
                    {row.currentPeriodEnd ? formatDate(row.currentPeriodEnd, locale) : "—"}
                  </td>
                  <td className={`${cell} tabular-nums md:whitespace-nowrap md:text-right`}>
                    <span className={label}>{columns.balance}</span>
                    {row.balance === null ? "—" : formatMoney(row.balance, WALLET_CURRENCY, locale)}
                  </td>
                  <td className={`${cell} text-slate-400 md:text-right`}>
                    <span className={label}>{columns.freeOperations}</span>
                    {"—"}
                  </td>
                  <td className={`${cell} md:whitespace-nowrap`}>
                    <span className={label}>{columns.lastPayment}</span>
                    {row.lastPayment ? (
                      <span className="flex flex-wrap items-center justify-end gap-2 md:justify-start">
                        <span className="tabular-nums">
                          {formatMoney(row.lastPayment.amount, row.lastPayment.currency, locale)}
                        </span>
                        <PaymentStatusBadge status={row.lastPayment.status} />
                        <span className="text-xs text-slate-500">
                          {formatDate(row.lastPayment.createdAt, locale)}
                        </span>
                      </span>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className={`${cell} md:whitespace-nowrap`}>
                    <span className={label}>{columns.telegram}</span>
                    {row.telegramLinked ? t("linked") : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <NewerOlderPager
        firstHref={cursor ? pageHref() : null}
        firstLabel={t("firstPage")}
        nextHref={nextCursor ? pageHref(nextCursor) : null}
        nextLabel={t("nextPage")}
      />
    </div>
  );
}

import type { Metadata, Route } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminNav } from "@/components/admin/admin-nav";
import { PaymentFilters } from "@/components/admin/payment-filters";
import { PaymentsTable, type PaymentTableRow, type SortKey } from "@/components/admin/payments-table";
import { providerLabel, purposeLabel } from "@/components/billing/payment-labels";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { customerEmail } from "@/lib/billing/admin/customers";
import { listPayments } from "@/lib/billing/admin/list-payments";
import {
  canSortByAmount,
  PAYMENT_SORTS,
  paymentListSearchParams,
  parsePaymentListParams,
  type PaymentListQuery,
} from "@/lib/billing/admin/payment-query";
import type { AdminPaymentRow } from "@/lib/billing/admin/payment-rows";
import { getPlans } from "@/lib/billing/catalog";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("payments") };
}

// Every payment, for admins: filtered, sorted and paged on the server (keyset pages, so a page deep
// in a million rows costs what the first one costs), with the whole state in the URL.
export default async function AdminPaymentsPage({ searchParams }: PageProps<"/admin/payments">) {
  await requireAdmin();
  const query = parsePaymentListParams(await searchParams);
  const [page, plans, customerLabel, locale, t, root] = await Promise.all([
    listPayments(query),
    getPlans(),
    query.customer ? customerEmail(query.customer) : null,
    getLocale(),
    getTranslations("admin.payments"),
    getTranslations(),
  ]);
  const href = (changes: Partial<PaymentListQuery>): Route => {
    const params = paymentListSearchParams({ ...query, ...changes }).toString();
    return params ? `/admin/payments?${params}` : "/admin/payments";
  };
  const fresh = { cursor: undefined, back: false };
  const sortHrefs = Object.fromEntries(
    PAYMENT_SORTS.map((sort) => [
      sort,
      { asc: href({ ...fresh, sort, dir: "asc" }), desc: href({ ...fresh, sort, dir: "desc" }) },
    ]),
  ) as Record<SortKey, Record<"asc" | "desc", Route>>;
  const exportParams = paymentListSearchParams({ ...query, ...fresh, size: 25 }).toString();
  const total = page.total.exact
    ? t("total", { count: page.total.count })
    : t("totalEstimated", { count: page.total.count });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-2">
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <AdminNav current="payments" />
        </div>
        <div className="flex flex-wrap items-center gap-4 text-sm">
          <span data-testid="payments-total" data-exact={page.total.exact} data-count={page.total.count}>
            {total}
          </span>
          <a
            href={`/admin/payments/export${exportParams ? `?${exportParams}` : ""}`}
            className="rounded-md border border-slate-300 bg-surface px-3 py-1.5 font-medium hover:bg-slate-50"
            download
          >
            {t("export")}
          </a>
        </div>
      </div>
      <Card>
        <PaymentFilters
          query={query}
          plans={plans}
          customer={
            query.customer
              ? {
                  label: customerLabel ?? t("customerGone"),
                  clearHref: href({ ...fresh, customer: undefined }),
                }
              : undefined
          }
        />
      </Card>
      <Card padded={false}>
        <PaymentsTable
          rows={page.rows.map((row) => tableRow(row, root, locale))}
          sort={query.sort}
          dir={query.dir}
          sortHrefs={sortHrefs}
          amountSortable={canSortByAmount(query)}
        />
      </Card>
      <nav className="flex flex-wrap items-center justify-between gap-3 text-sm" aria-label={t("pages")}>
        <div className="flex gap-4">
          <PageLink href={href(fresh)} enabled={page.prevCursor !== null}>
            {t("first")}
          </PageLink>
          <PageLink
            href={href({ cursor: page.prevCursor ?? undefined, back: true })}
            enabled={page.prevCursor !== null}
          >
            {t("previous")}
          </PageLink>
        </div>
        <div className="flex gap-4">
          <PageLink
            href={href({ cursor: page.nextCursor ?? undefined, back: false })}
            enabled={page.nextCursor !== null}
          >
            {t("next")}
          </PageLink>
          <PageLink href={href({ cursor: undefined, back: true })} enabled={page.nextCursor !== null}>
            {t("last")}
          </PageLink>
        </div>
      </nav>
    </div>
  );
}

function tableRow(row: AdminPaymentRow, t: Translator, locale: Locale): PaymentTableRow {
  return {
    id: row.id,
    created: formatDateTime(row.createdAt, locale),
    customer:
      row.email ??
      (row.telegramChatId ? t("admin.payments.telegramChat", { chat: row.telegramChatId }) : "—"),
    purpose: purposeLabel(t, {
      purpose: row.purpose,
      months: row.months,
      plan: row.planName === null ? null : { name: row.planName },
      product: row.productName === null ? null : { name: row.productName },
    }),
    provider: providerLabel(t, row.provider),
    amount: formatMoney(row.amount, row.currency, locale),
    status: row.status,
    providerRef: row.providerRef ?? "—",
  };
}

function PageLink({ href, enabled, children }: { href: Route; enabled: boolean; children: React.ReactNode }) {
  return enabled ? (
    <Link href={href} className="font-medium text-brand-700 hover:underline">
      {children}
    </Link>
  ) : (
    <span className="text-slate-400" aria-disabled>
      {children}
    </span>
  );
}

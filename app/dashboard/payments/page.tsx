import type { Metadata, Route } from "next";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { providerLabel, purposeLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { NewerOlderPager } from "@/components/ui/newer-older-pager";
import { requireUser } from "@/lib/auth/session";
import { amountNotes, foldAbandoned, hasReceipt } from "@/lib/billing/payments/history";
import { canStillPay } from "@/lib/billing/payments/view";
import { formatMoney } from "@/lib/billing/pricing";
import { listCustomerPayments } from "@/lib/billing/payments/queries";
import { decodeCursor, encodeCursor } from "@/lib/cursor";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.payments");
  return { title: t("metaTitle") };
}

type Payment = Awaited<ReturnType<typeof listCustomerPayments>>["payments"][number];

// Fixed column widths, shared by the table and the folded attempts' inner table, so their
// columns line up.
const COLUMNS = ["w-[14%]", "w-[25%]", "w-[21%]", "w-[17%]", "w-[12%]", "w-[11%]"];

function Columns() {
  return (
    <colgroup>
      {COLUMNS.map((width) => (
        <col key={width} className={width} />
      ))}
    </colgroup>
  );
}

export default async function PaymentsPage({ searchParams }: PageProps<"/dashboard/payments">) {
  const user = await requireUser();
  const t = await getTranslations("dashboard.payments");
  const { before } = await searchParams;
  const cursor = decodeCursor(before); // a bad cursor shows the first page
  const { payments, hasMore } = await listCustomerPayments(user.id, cursor ?? undefined);
  const last = payments.at(-1);
  // Folded within this page only: the pager still moves by payments, never by folded rows.
  const rows = foldAbandoned(payments);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card padded={false} className="overflow-x-auto">
        {payments.length === 0 ? (
          <p className="p-5 text-slate-600">
            {t.rich("none", {
              link: (chunks) => (
                <Link href="/dashboard/plans" className="text-brand-700 hover:underline">
                  {chunks}
                </Link>
              ),
            })}
          </p>
        ) : (
          <table className="w-full min-w-[52rem] table-fixed text-left text-sm">
            <Columns />
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">{t("date")}</th>
                <th className="px-4 py-2 font-medium">{t("what")}</th>
                <th className="px-4 py-2 text-right font-medium">{t("amount")}</th>
                <th className="px-4 py-2 font-medium">{t("method")}</th>
                <th className="px-4 py-2 font-medium">{t("status")}</th>
                <th className="px-4 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) =>
                row.kind === "payment" ? (
                  <PaymentRow key={row.payment.id} payment={row.payment} />
                ) : (
                  <AbandonedAttempts key={row.payments[0]!.id} payments={row.payments} />
                ),
              )}
            </tbody>
          </table>
        )}
      </Card>
      <NewerOlderPager
        firstHref={cursor ? "/dashboard/payments" : null}
        nextHref={hasMore && last ? (`/dashboard/payments?before=${encodeCursor(last)}` as Route) : null}
        nextLabel={t("older")}
      />
    </div>
  );
}

/**
 * A run of attempts that ended with no money received, as one row that opens to show them. A
 * native <details> needs no client code; a table cannot hold one between rows, so it sits in a
 * cell spanning the row, around a table of its own.
 */
function AbandonedAttempts({ payments }: { payments: Payment[] }) {
  const t = useTranslations("dashboard.payments");
  const locale = useLocale();
  return (
    <tr data-testid="abandoned-attempts">
      <td colSpan={COLUMNS.length} className="p-0">
        <details className="group">
          <summary className="cursor-pointer px-4 py-2 text-slate-600 hover:bg-slate-50">
            {t("abandoned", { count: payments.length })}
            <span className="ml-2 text-xs text-slate-500">{dateRange(payments, locale)}</span>
          </summary>
          <table className="w-full table-fixed border-t border-slate-100 bg-slate-50/50 text-left text-sm">
            <Columns />
            <tbody className="divide-y divide-slate-100">
              {payments.map((payment) => (
                <PaymentRow key={payment.id} payment={payment} />
              ))}
            </tbody>
          </table>
        </details>
      </td>
    </tr>
  );
}

/** "2 Nov 2026 – 5 Nov 2026", oldest first (the page lists newest first), or one date. */
function dateRange(payments: Payment[], locale: Locale): string {
  const newest = formatDate(payments[0]!.createdAt, locale);
  const oldest = formatDate(payments.at(-1)!.createdAt, locale);
  return oldest === newest ? newest : `${oldest} – ${newest}`;
}

function PaymentRow({ payment }: { payment: Payment }) {
  const root = useTranslations();
  const t = useTranslations("dashboard.payments");
  const locale = useLocale();
  const money = (minor: number) => formatMoney(minor, payment.currency, locale);
  return (
    <tr data-testid="payment-row">
      <td className="whitespace-nowrap px-4 py-2">{formatDate(payment.createdAt, locale)}</td>
      <td className="px-4 py-2">
        <Link
          href={`/dashboard/payment/success?order_id=${encodeURIComponent(payment.orderId)}`}
          className="hover:underline"
        >
          {purposeLabel(root, payment)}
        </Link>
      </td>
      <td className="px-4 py-2 text-right tabular-nums">
        <span className="whitespace-nowrap">{money(payment.amount)}</span>
        {amountNotes(payment).map((note) => (
          <span key={note.kind} className="block text-xs text-slate-500">
            {note.kind === "received"
              ? t("received", { received: money(note.received), expected: money(note.expected) })
              : t("refunded", { amount: money(note.refunded) })}
          </span>
        ))}
      </td>
      <td className="px-4 py-2">{providerLabel(root, payment.provider)}</td>
      <td className="whitespace-nowrap px-4 py-2">
        <PaymentStatusBadge status={payment.status} />
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-right">
        {canStillPay(payment) && payment.paymentUrl ? (
          <a href={payment.paymentUrl} className="font-medium text-brand-700 hover:underline">
            {t("pay")}
          </a>
        ) : hasReceipt(payment) ? (
          <Link
            href={`/dashboard/receipts/${encodeURIComponent(payment.orderId)}`}
            className="font-medium text-brand-700 hover:underline"
          >
            {t("receipt")}
          </Link>
        ) : null}
      </td>
    </tr>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { AwaitingConfirmation } from "@/components/billing/awaiting-confirmation";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { purposeLabel } from "@/components/billing/payment-labels";
import { AutoRefresh, type RefreshCheck } from "@/components/ui/auto-refresh";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { hasReceipt } from "@/lib/billing/payments/history";
import { canStillPay, partialPaymentSummary } from "@/lib/billing/payments/view";
import { formatMoney } from "@/lib/billing/pricing";
import { getCustomerPayment, getLatestCustomerPayment } from "@/lib/billing/payments/queries";
import { getAccountOverview, paymentOutcome } from "@/lib/billing/subscriptions/queries";
import { getTopUpOutcome } from "@/lib/billing/wallet/queries";
import { formatDate } from "@/lib/format";
import { checkPaymentAction } from "../check-action";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.payment");
  return { title: t("metaTitle") };
}

// Where the provider sends the customer back. It shows what the provider has confirmed, never
// what the redirect implies: a customer can open this URL without having paid anything. It renders
// from the database at once; while the payment is open, AutoRefresh's check action asks the
// provider in a request of its own (bounded) when the notification is late, then refreshes.
export default async function PaymentSuccessPage({ searchParams }: PageProps<"/dashboard/payment/success">) {
  const user = await requireUser();
  const [root, locale] = await Promise.all([getTranslations(), getLocale()]);
  const t = await getTranslations("dashboard.payment");
  const { order_id: orderId } = await searchParams;
  const find = () =>
    typeof orderId === "string" ? getCustomerPayment(user.id, orderId) : getLatestCustomerPayment(user.id);

  const payment = await find();
  if (!payment) notFound();
  if (["failed", "expired", "canceled"].includes(payment.status)) {
    redirect(`/dashboard/payment/error?order_id=${encodeURIComponent(payment.orderId)}`);
  }
  const completed = payment.status === "completed";
  const subscription =
    completed && payment.purpose === "subscription" ? await getAccountOverview(user.id) : null;
  const topUp = completed && payment.purpose === "topup" ? await getTopUpOutcome(payment.id) : null;
  const outcome =
    subscription && payment.purpose === "subscription" ? paymentOutcome(subscription, payment) : null;
  // The run of the plan this payment bought, or (its time over or refunded) where the customer stands.
  const activeUntil = outcome?.kind === "active" ? outcome.until : (subscription?.currentPeriodEnd ?? null);
  const check = { action: checkPaymentAction, fields: { order_id: payment.orderId } };
  const date = (value: Date) => formatDate(value, locale);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card>
        <div className="flex items-center justify-between">
          <p className="font-medium">{purposeLabel(root, payment)}</p>
          <PaymentStatusBadge status={payment.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t("order", {
            amount: formatMoney(payment.amount, payment.currency, locale),
            orderId: payment.orderId,
          })}
        </p>
        <div className="mt-4" data-testid="payment-state">
          {payment.status === "pending" ? <AwaitingConfirmation check={check} /> : null}
          {payment.status === "partially_paid" ? <PartialPayment payment={payment} check={check} /> : null}
          {topUp ? (
            <p className="text-lg font-semibold" data-testid="topup-outcome">
              {t("topUpOutcome", {
                credited: formatMoney(topUp.credited, topUp.currency, locale),
                balance: formatMoney(topUp.balance, topUp.currency, locale),
              })}
            </p>
          ) : null}
          {outcome?.kind === "not_applied" ? (
            <p className="text-lg font-semibold">{t("notApplied")}</p>
          ) : outcome?.kind === "starts" ? (
            <p className="text-lg font-semibold">
              {t("starts", {
                plan: outcome.plan,
                startsAt: date(outcome.startsAt),
                until: date(outcome.until),
              })}
            </p>
          ) : payment.status === "completed" && subscription ? (
            <p className="text-lg font-semibold">
              {activeUntil
                ? t("activeUntil", {
                    plan: outcome?.plan ?? subscription.plan.name,
                    until: date(activeUntil),
                  })
                : t("activeFurtherNotice", { plan: outcome?.plan ?? subscription.plan.name })}
            </p>
          ) : null}
          {payment.status === "refunded" ? <p className="text-lg font-semibold">{t("refunded")}</p> : null}
        </div>
        {payment.status === "pending" && canStillPay(payment) && payment.paymentUrl ? (
          <a
            href={payment.paymentUrl}
            className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t("openAgain")}
          </a>
        ) : null}
      </Card>
      <Link href="/dashboard/payments" className="text-sm text-brand-700 hover:underline">
        {t("allPayments")}
      </Link>
      {hasReceipt(payment) ? (
        <Link
          href={`/dashboard/receipts/${encodeURIComponent(payment.orderId)}`}
          className="ml-4 text-sm font-medium text-brand-700 hover:underline"
        >
          {t("receipt")}
        </Link>
      ) : null}
    </div>
  );
}

function PartialPayment({
  payment,
  check,
}: {
  check: RefreshCheck;
  payment: {
    amount: number;
    amountReceived: number | null;
    currency: string;
    paymentUrl: string | null;
    status: string;
    expiresAt: Date | null;
  };
}) {
  const t = useTranslations("dashboard.payment.partial");
  const summary = partialPaymentSummary(payment, useLocale());
  return (
    <>
      <p className="text-lg font-semibold">{t("title", { missing: summary.missing })}</p>
      <p className="mt-1 text-sm text-slate-600">
        {t("body", { received: summary.received, expected: summary.expected })}
      </p>
      {canStillPay(payment) && payment.paymentUrl ? (
        <a
          href={payment.paymentUrl}
          className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          {t("payMissing")}
        </a>
      ) : null}
      <AutoRefresh check={check} />
    </>
  );
}

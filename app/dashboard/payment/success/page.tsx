import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
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

export const metadata: Metadata = { title: "Payment" };

// Where the provider sends the customer back. It shows what the provider has confirmed, never
// what the redirect implies: a customer can open this URL without having paid anything. It renders
// from the database at once; while the payment is open, AutoRefresh's check action asks the
// provider in a request of its own (bounded) when the notification is late, then refreshes.
export default async function PaymentSuccessPage({ searchParams }: PageProps<"/dashboard/payment/success">) {
  const user = await requireUser();
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

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">Payment</h1>
      <Card>
        <div className="flex items-center justify-between">
          <p className="font-medium">{purposeLabel(payment)}</p>
          <PaymentStatusBadge status={payment.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {formatMoney(payment.amount, payment.currency)} · order {payment.orderId}
        </p>
        <div className="mt-4" data-testid="payment-state">
          {payment.status === "pending" ? <AwaitingConfirmation check={check} /> : null}
          {payment.status === "partially_paid" ? <PartialPayment payment={payment} check={check} /> : null}
          {topUp ? (
            <p className="text-lg font-semibold" data-testid="topup-outcome">
              +{formatMoney(topUp.credited, topUp.currency)}, balance{" "}
              {formatMoney(topUp.balance, topUp.currency)}
            </p>
          ) : null}
          {outcome?.kind === "not_applied" ? (
            <p className="text-lg font-semibold">
              We received your payment but could not apply it to your plan. It will be refunded, or our team
              will contact you; nothing else is needed from you.
            </p>
          ) : outcome?.kind === "starts" ? (
            <p className="text-lg font-semibold">
              {outcome.plan} starts on {formatDate(outcome.startsAt)}, until {formatDate(outcome.until)}
            </p>
          ) : payment.status === "completed" && subscription ? (
            <p className="text-lg font-semibold">
              {outcome?.plan ?? subscription.plan.name} active until{" "}
              {activeUntil ? formatDate(activeUntil) : "further notice"}
            </p>
          ) : null}
          {payment.status === "refunded" ? (
            <p className="text-lg font-semibold">This payment was refunded.</p>
          ) : null}
        </div>
        {payment.status === "pending" && canStillPay(payment) && payment.paymentUrl ? (
          <a
            href={payment.paymentUrl}
            className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            Open the invoice again
          </a>
        ) : null}
      </Card>
      <Link href="/dashboard/payments" className="text-sm text-brand-700 hover:underline">
        All payments
      </Link>
      {hasReceipt(payment) ? (
        <Link
          href={`/dashboard/receipts/${encodeURIComponent(payment.orderId)}`}
          className="ml-4 text-sm font-medium text-brand-700 hover:underline"
        >
          Receipt
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
  const summary = partialPaymentSummary(payment);
  return (
    <>
      <p className="text-lg font-semibold">Partially paid: {summary.missing} missing</p>
      <p className="mt-1 text-sm text-slate-600">
        {summary.received} of {summary.expected} has arrived. Your plan starts once the rest is paid.
      </p>
      {canStillPay(payment) && payment.paymentUrl ? (
        <a
          href={payment.paymentUrl}
          className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          Pay the missing amount
        </a>
      ) : null}
      <AutoRefresh check={check} />
    </>
  );
}

import { ClientMessages } from "@/components/i18n/client-messages";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { purposeLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { RetryCheckoutButton } from "./retry-checkout-button";
import { checkPaymentAction } from "../check-action";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/pricing";
import { getCustomerPayment, getLatestCustomerPayment } from "@/lib/billing/payments/queries";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.payment.error");
  return { title: t("metaTitle") };
}

// Where a failed, expired or cancelled payment lands: why, and a one-click retry of the same purchase.
// The provider sends the customer here, so it knows something we may not yet (CryptoCloud never
// notifies an expiry): while the payment still reads open, AutoRefresh's check action asks the
// provider in a request of its own and refreshes; the render only reads the database.
export default async function PaymentErrorPage({ searchParams }: PageProps<"/dashboard/payment/error">) {
  const user = await requireUser();
  const [root, locale] = await Promise.all([getTranslations(), getLocale()]);
  const t = await getTranslations("dashboard.payment");
  const { order_id: orderId, left } = await searchParams;
  const find = () =>
    typeof orderId === "string" ? getCustomerPayment(user.id, orderId) : getLatestCustomerPayment(user.id);
  const payment = await find();
  if (!payment) notFound();

  const failedOrEnded = ["failed", "expired", "canceled"].includes(payment.status);
  // Back from the provider's page without paying: the checkout is still open there, and nothing
  // was charged; say that, rather than show an open payment as if something had gone wrong.
  const leftCheckout = left === "1" && payment.status === "pending";
  // The failure reason is the provider's own words (or our record of why), kept as they were given.
  const failure = payment.failureReason ?? t("error.unknownReason");
  const reason =
    payment.status === "failed"
      ? // With a provider reference it was opened, and the provider turned it down (a decline).
        payment.providerRef
        ? t("error.declined", { reason: failure })
        : t("error.notStarted", { reason: failure })
      : payment.status === "expired"
        ? t("error.expired")
        : payment.status === "canceled"
          ? t("error.canceled")
          : null;

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">
        {failedOrEnded || leftCheckout ? t("error.title") : t("title")}
      </h1>
      <Card>
        <div className="flex items-center justify-between">
          <p className="font-medium">{purposeLabel(root, payment)}</p>
          {leftCheckout ? null : <PaymentStatusBadge status={payment.status} />}
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t("order", {
            amount: formatMoney(payment.amount, payment.currency, locale),
            orderId: payment.orderId,
          })}
        </p>
        {leftCheckout ? (
          <div className="mt-4 space-y-3">
            <p className="text-slate-800" data-testid="payment-left">
              {t("error.left")}
            </p>
            {payment.paymentUrl ? (
              <a
                href={payment.paymentUrl}
                className="inline-block font-medium text-brand-700 hover:underline"
              >
                {t("error.returnToCheckout")}
              </a>
            ) : null}
            <AutoRefresh check={{ action: checkPaymentAction, fields: { order_id: payment.orderId } }} />
          </div>
        ) : failedOrEnded ? (
          <>
            <p className="mt-4 text-slate-800" data-testid="payment-error-reason">
              {reason}
            </p>
            {payment.purpose === "subscription" && payment.plan && payment.months ? (
              <div className="mt-4">
                <ClientMessages namespaces={["dashboard"]}>
                  <RetryCheckoutButton
                    plan={payment.plan.slug}
                    months={payment.months}
                    provider={payment.provider}
                  />
                </ClientMessages>
              </div>
            ) : null}
          </>
        ) : (
          <>
            <p className="mt-4 text-slate-800">
              {t.rich("error.notFailed", {
                link: (chunks) => (
                  <Link
                    href={`/dashboard/payment/success?order_id=${encodeURIComponent(payment.orderId)}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {chunks}
                  </Link>
                ),
              })}
            </p>
            {payment.status === "pending" || payment.status === "partially_paid" ? (
              <AutoRefresh check={{ action: checkPaymentAction, fields: { order_id: payment.orderId } }} />
            ) : null}
          </>
        )}
      </Card>
      <Link href="/dashboard/plans" className="text-sm text-brand-700 hover:underline">
        {t("error.backToPlans")}
      </Link>
    </div>
  );
}

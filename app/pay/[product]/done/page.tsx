import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AwaitingConfirmation } from "@/components/billing/awaiting-confirmation";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";
import { canStillPay } from "@/lib/billing/payments/view";
import { formatMoney } from "@/lib/billing/pricing";
import { getProductPayment } from "@/lib/billing/products/checkout";
import { isReceiptKey } from "@/lib/billing/products/receipt-key";
import { env } from "@/lib/env";
import { signChatId } from "@/lib/telegram/chat-link";
import { checkReceiptAction } from "./check-action";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pay.receipt");
  return { title: t("metaTitle"), robots: { index: false } };
}

// Where Stripe sends a product buyer back (success and cancel alike). It shows what Stripe has
// confirmed, never what the redirect implies. Open to the buyer's account, or to the key in the
// return URL for buyers from Telegram, who have no account (lib/billing/products/receipt-key.ts).
// It renders from the database at once; while the payment is pending, AutoRefresh's check action
// asks Stripe in a request of its own (bounded) when the webhook is late, then refreshes.
export default async function ProductReceiptPage({ params, searchParams }: PageProps<"/pay/[product]/done">) {
  const { product: slug } = await params;
  const query = await searchParams;
  const orderId = typeof query.order_id === "string" ? query.order_id : undefined;
  const key = typeof query.key === "string" ? query.key : undefined;
  if (!orderId) notFound();

  const payment = await getProductPayment(orderId);
  if (!payment || payment.product?.slug !== slug) notFound();
  if (!isReceiptKey(orderId, key)) {
    const user = await getSessionUser();
    if (!user || user.id !== payment.userId) notFound();
  }
  const product = payment.product;

  const link = env().PAID_CHANNEL_LINK;
  const secret = env().TELEGRAM_LINK_SECRET;
  const payAgain =
    payment.telegramChatId && secret
      ? (`/pay/${slug}?tg_id=${payment.telegramChatId}&sig=${signChatId(payment.telegramChatId, secret)}` as const)
      : (`/pay/${slug}` as const);
  const leftCheckout = query.canceled === "1" && payment.status === "pending";
  const invite = payment.notifications[0];
  const [t, locale] = await Promise.all([getTranslations("pay.receipt"), getLocale()]);
  const unpaid = ["failed", "expired", "canceled"].includes(payment.status);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">
        {t(
          payment.status === "completed"
            ? "title.completed"
            : leftCheckout
              ? "title.leftCheckout"
              : "title.other",
        )}
      </h1>
      <Card>
        <div className="flex items-center justify-between">
          <p className="font-medium">{product.name}</p>
          <PaymentStatusBadge status={payment.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          {t("amountAndOrder", {
            amount: formatMoney(payment.amount, payment.currency, locale),
            orderId: payment.orderId,
          })}
        </p>
        <div className="mt-4" data-testid="purchase-state">
          {payment.status === "completed" && payment.entitlement ? (
            <>
              <p className="text-lg font-semibold">{t("received", { product: product.name })}</p>
              {product.fulfilment === "invite_link" && link ? (
                <p className="mt-2 text-slate-800">
                  {t.rich("inviteLink", {
                    url: link,
                    link: (chunks) => (
                      <a
                        href={link}
                        className="font-medium break-all text-brand-700 hover:underline"
                        data-testid="invite-link"
                      >
                        {chunks}
                      </a>
                    ),
                  })}
                </p>
              ) : null}
              {invite ? (
                // What became of the Telegram copy of the invite; only a delivered message is "sent".
                <p className="mt-2 text-sm text-slate-600">{t(`inviteMessage.${invite.status}`)}</p>
              ) : null}
            </>
          ) : null}
          {payment.status === "pending" && !leftCheckout ? (
            <AwaitingConfirmation
              by="Stripe"
              check={{ action: checkReceiptAction, fields: { order_id: orderId, ...(key ? { key } : {}) } }}
            />
          ) : null}
          {leftCheckout ? <p className="text-slate-800">{t("leftCheckout")}</p> : null}
          {unpaid ? (
            <p className="text-slate-800" data-testid="purchase-problem">
              {payment.status !== "failed"
                ? t("expired")
                : payment.failureReason
                  ? t("failedWithReason", { reason: payment.failureReason })
                  : t("failed")}
            </p>
          ) : null}
          {payment.status === "refunded" ? <p className="text-lg font-semibold">{t("refunded")}</p> : null}
        </div>
        {leftCheckout && canStillPay(payment) && payment.paymentUrl ? (
          <a
            href={payment.paymentUrl}
            className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t("returnToCheckout")}
          </a>
        ) : null}
        {unpaid ? (
          <Link
            href={payAgain}
            className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t("tryAgain")}
          </Link>
        ) : null}
      </Card>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AwaitingConfirmation } from "@/components/billing/awaiting-confirmation";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { formatMoney } from "@/lib/billing/pricing";
import { isReceiptKey } from "@/lib/billing/products/receipt-key";
import { getTopUpOutcome, getTopUpPayment } from "@/lib/billing/wallet/queries";
import { env } from "@/lib/env";
import { signChatId } from "@/lib/telegram/chat-link";
import { checkTopUpAction } from "./check-action";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("pay.topup.done");
  return { title: t("metaTitle"), robots: { index: false } };
}

// Where YooKassa sends a bot user back after a top-up: what YooKassa has confirmed, never what the
// redirect implies. Open to the receipt key in the return URL (the bot's users have no account).
export default async function BotTopUpDonePage({ searchParams }: PageProps<"/pay/topup/done">) {
  const query = await searchParams;
  const orderId = typeof query.order_id === "string" ? query.order_id : undefined;
  const key = typeof query.key === "string" ? query.key : undefined;
  if (!orderId || !isReceiptKey(orderId, key)) notFound();
  const payment = await getTopUpPayment(orderId);
  if (!payment) notFound();
  const outcome = payment.status === "completed" ? await getTopUpOutcome(payment.id) : null;
  const chatId = payment.user?.telegramChatId;
  const secret = env().TELEGRAM_LINK_SECRET;
  const again = chatId && secret ? `/pay/topup?tg_id=${chatId}&sig=${signChatId(chatId, secret)}` : null;
  const [t, locale] = await Promise.all([getTranslations("pay.topup.done"), getLocale()]);
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

  return (
    <div className="mx-auto max-w-lg space-y-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Card>
        <div className="flex items-center justify-between">
          <p className="font-medium">{money(payment.amount, payment.currency)}</p>
          <PaymentStatusBadge status={payment.status} />
        </div>
        <p className="mt-1 text-sm text-slate-600">{t("order", { orderId: payment.orderId })}</p>
        <div className="mt-4" data-testid="payment-state">
          {outcome ? (
            <p className="text-lg font-semibold" data-testid="topup-outcome">
              {t("outcome", {
                amount: money(outcome.credited, outcome.currency),
                balance: money(outcome.balance, outcome.currency),
              })}
            </p>
          ) : null}
          {payment.status === "pending" ? (
            <AwaitingConfirmation
              by="YooKassa"
              check={{ action: checkTopUpAction, fields: { order_id: orderId, key: key! } }}
            />
          ) : null}
          {["failed", "expired", "canceled"].includes(payment.status) ? (
            <p className="text-slate-800">
              {payment.failureReason ? t("failedWithReason", { reason: payment.failureReason }) : t("failed")}
            </p>
          ) : null}
        </div>
        {again && payment.status !== "pending" ? (
          <Link
            href={again as `/pay/topup?${string}`}
            className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t("again")}
          </Link>
        ) : null}
      </Card>
    </div>
  );
}

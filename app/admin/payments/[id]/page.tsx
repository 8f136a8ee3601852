import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { reconcileAction, refundAction, replayAction } from "./actions";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { RefundForm } from "@/components/admin/refund-form";
import { providerLabel, purposeLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { getAdminPayment } from "@/lib/billing/admin/payment-detail";
import { toDecimalString } from "@/lib/billing/money";
import { formatMoney } from "@/lib/billing/pricing";
import { refundsThroughApi } from "@/lib/billing/providers/registry";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { PaymentStatus } from "@/lib/generated/prisma/enums";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("payment") };
}

/** Notification kinds the console has words for; another kind is shown as it is stored. */
const NOTIFICATION_KINDS = ["plan_activated", "payment_failed", "topup_credited", "invite_link"] as const;
const isKnownKind = (kind: string): kind is (typeof NOTIFICATION_KINDS)[number] =>
  (NOTIFICATION_KINDS as readonly string[]).includes(kind);

// One payment, everything about it: who paid what, its timeline, the webhook deliveries behind it
// (secrets masked by lib/billing/admin/payment-detail.ts), what it granted and the messages sent.
// Every time is shown as the reader reads dates (lib/format.ts), in UTC; the notes on the timeline
// and the deliveries' errors are the system's log, shown as written.
export default async function AdminPaymentPage({ params }: PageProps<"/admin/payments/[id]">) {
  await requireAdmin();
  const { id } = await params;
  const payment = await getAdminPayment(id);
  if (!payment) notFound();
  const [locale, t, root] = await Promise.all([
    getLocale(),
    getTranslations("admin.payment"),
    getTranslations(),
  ]);
  const money = (minor: number | null) =>
    minor === null ? "—" : formatMoney(minor, payment.currency, locale);
  const when = (date: Date | null) => (date ? formatDateTime(date, locale) : "—");
  const status = (value: PaymentStatus) => root(`common.status.${value}`);
  const provider = providerLabel(root, payment.provider);
  const refundLeft = (payment.amountReceived ?? payment.amount) - payment.amountRefunded;
  const refundable =
    (payment.status === "completed" || payment.status === "partially_paid") && refundLeft > 0;
  const viaApi = refundsThroughApi(payment.provider);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link href="/admin/payments" className="text-sm text-brand-700 hover:underline">
            {t("back")}
          </Link>
          <h1 className="mt-1 break-words text-2xl font-semibold">
            {purposeLabel(root, payment)}
            {" · "}
            {money(payment.amount)}
          </h1>
        </div>
        <PaymentStatusBadge status={payment.status} />
      </div>

      <Card title={t("payment")}>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Fact label={t("order")}>{payment.orderId}</Fact>
          <Fact label={t("customer")}>
            {payment.user ? (
              <Link href={`/admin/customers/${payment.user.id}`} className="text-brand-700 hover:underline">
                {payment.user.email ?? t("telegramUser")}
              </Link>
            ) : payment.telegramChatId ? (
              t("telegramChat", { chat: payment.telegramChatId })
            ) : (
              "—"
            )}
          </Fact>
          <Fact label={t("provider")}>{provider}</Fact>
          <Fact label={t("providerRef")}>{payment.providerRef ?? "—"}</Fact>
          <Fact label={t("expected")}>{money(payment.amount)}</Fact>
          <Fact label={t("received")}>{money(payment.amountReceived)}</Fact>
          {payment.amountRefunded > 0 ? (
            <Fact label={t("refunded")}>{money(payment.amountRefunded)}</Fact>
          ) : null}
          {payment.attentionReason ? (
            <Fact label={t("attention")}>
              <span data-testid="attention-reason">{payment.attentionReason}</span>
            </Fact>
          ) : null}
          {payment.cryptoAmount ? (
            <Fact label={t("crypto")}>
              {payment.cryptoAmount.toString()} {payment.cryptoCurrency}
            </Fact>
          ) : null}
          <Fact label={t("created")}>{when(payment.createdAt)}</Fact>
          <Fact label={t("paid")}>{when(payment.paidAt)}</Fact>
          <Fact label={t("expires")}>{when(payment.expiresAt)}</Fact>
          <Fact label={t("paymentPage")}>
            {payment.paymentUrl ? (
              <a href={payment.paymentUrl} className="break-all text-brand-700 hover:underline">
                {payment.paymentUrl}
              </a>
            ) : (
              "—"
            )}
          </Fact>
          {payment.failureReason ? <Fact label={t("failure")}>{payment.failureReason}</Fact> : null}
        </dl>
      </Card>

      <Card title={t("actions")}>
        <div className="flex flex-wrap gap-6">
          {refundable ? (
            <RefundForm
              action={refundAction}
              paymentId={payment.id}
              left={money(refundLeft)}
              leftDecimal={toDecimalString(refundLeft, payment.currency)}
              planPayment={payment.purpose === "subscription"}
              how={viaApi ? t("refundThrough", { provider }) : t("refundManual")}
            />
          ) : null}
          {payment.providerRef ? (
            <ConfirmAction
              action={reconcileAction}
              fields={{ paymentId: payment.id }}
              label={t("reconcile")}
              confirmLabel={t("reconcileConfirm", { provider })}
            />
          ) : null}
          {!refundable && !payment.providerRef ? (
            <p className="text-sm text-slate-600">{t("noActions")}</p>
          ) : null}
        </div>
      </Card>

      <Card title={t("timeline")}>
        <ol className="space-y-3 break-words text-sm" data-testid="payment-timeline">
          {payment.events.map((event) => (
            <li key={event.id} className="border-l-2 border-slate-200 pl-3">
              <p className="font-medium">
                {event.fromStatus === event.toStatus
                  ? t("noteAt", { status: status(event.toStatus) })
                  : event.fromStatus === null
                    ? t("createdAs", { status: status(event.toStatus) })
                    : t("moved", { from: status(event.fromStatus), to: status(event.toStatus) })}
                <span className="ml-2 font-normal text-slate-500">
                  {t(`source.${event.source}`)}
                  {event.actorEmail ? ` · ${event.actorEmail}` : null}
                  {" · "}
                  <time dateTime={event.createdAt.toISOString()}>{when(event.createdAt)}</time>
                </span>
              </p>
              {event.note ? <p className="text-slate-600">{event.note}</p> : null}
            </li>
          ))}
        </ol>
      </Card>

      {payment.entitlement || payment.notifications.length > 0 ? (
        <Card title={t("fulfilment")}>
          {payment.entitlement ? (
            <p className="break-words text-sm" data-testid="entitlement">
              {t("granted", {
                product: payment.product?.name ?? root("common.purpose.product"),
                date: when(payment.entitlement.grantedAt),
              })}
              {payment.entitlement.telegramChatId
                ? ` ${t("grantedTo", { chat: payment.entitlement.telegramChatId })}`
                : null}
              {payment.entitlement.revokedAt
                ? ` · ${t("revoked", { date: when(payment.entitlement.revokedAt) })}`
                : null}
            </p>
          ) : null}
          <ul className="mt-3 space-y-2 break-words text-sm">
            {payment.notifications.map((notification) => (
              <li key={notification.id}>
                <p>
                  {t.rich("notification", {
                    kind: isKnownKind(notification.kind)
                      ? t(`notificationKind.${notification.kind}`)
                      : notification.kind.replaceAll("_", " "),
                    chat: notification.chatId,
                    status: t(`notificationStatus.${notification.status}`),
                    strong: (chunks) => <strong>{chunks}</strong>,
                  })}
                  {notification.lastError ? ` (${notification.lastError})` : null}
                </p>
                <ul className="ml-4 text-slate-600">
                  {notification.history.map((attempt) => (
                    <li key={attempt.id}>
                      {when(attempt.at)}
                      {" · "}
                      {attempt.ok ? t("sent") : t("httpStatus", { status: attempt.httpStatus ?? "—" })}
                      {attempt.retryAfterSeconds
                        ? ` · ${t("retryAfter", { seconds: formatNumber(attempt.retryAfterSeconds, locale) })}`
                        : null}
                      {attempt.error ? ` · ${attempt.error}` : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title={t("deliveries")}>
        {payment.deliveries.length === 0 ? (
          <p className="text-sm text-slate-600">{t("noDeliveries")}</p>
        ) : null}
        <ul className="space-y-4">
          {payment.deliveries.map((delivery) => (
            <li
              key={delivery.id}
              className="rounded-md border border-slate-200 p-3 text-sm"
              data-testid="delivery"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="min-w-0 break-words">
                  <strong>{t(`outcome.${delivery.outcome}`)}</strong>
                  {" · "}
                  {delivery.provider}
                  {delivery.providerEventId ? ` · ${delivery.providerEventId}` : null}
                  {" · "}
                  {when(delivery.receivedAt)}
                  {" · "}
                  {delivery.verified ? t("verified") : t("notVerified")}
                </p>
                <ConfirmAction
                  action={replayAction}
                  fields={{ paymentId: payment.id, deliveryId: delivery.id }}
                  label={t("replay")}
                  confirmLabel={t("replayConfirm")}
                />
              </div>
              {delivery.error ? <p className="mt-1 break-words text-slate-600">{delivery.error}</p> : null}
              <details className="mt-2">
                <summary className="cursor-pointer text-slate-600">{t("headersAndBody")}</summary>
                <pre tabIndex={0} className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                  {JSON.stringify(delivery.headers, null, 2)}
                </pre>
                <pre tabIndex={0} className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
                  {delivery.body}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{children}</dd>
    </div>
  );
}

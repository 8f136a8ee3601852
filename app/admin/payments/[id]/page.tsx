import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { reconcileAction, refundAction, replayAction } from "./actions";
import { ConfirmAction } from "@/components/admin/confirm-action";
import { RefundForm } from "@/components/admin/refund-form";
import { PROVIDER_LABEL, purposeLabel } from "@/components/billing/payment-labels";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { getAdminPayment } from "@/lib/billing/admin/payment-detail";
import { toDecimalString } from "@/lib/billing/money";
import { formatMoney } from "@/lib/billing/pricing";
import { refundsThroughApi } from "@/lib/billing/providers/registry";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Payment" };

// One payment, everything about it: who paid what, its timeline, the webhook deliveries behind it
// (secrets masked by lib/billing/admin/payment-detail.ts), what it granted and the messages sent.
export default async function AdminPaymentPage({ params }: PageProps<"/admin/payments/[id]">) {
  await requireAdmin();
  const { id } = await params;
  const payment = await getAdminPayment(id);
  if (!payment) notFound();
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, payment.currency));
  const refundLeft = (payment.amountReceived ?? payment.amount) - payment.amountRefunded;
  const refundable =
    (payment.status === "completed" || payment.status === "partially_paid") && refundLeft > 0;
  const viaApi = refundsThroughApi(payment.provider);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/admin/payments" className="text-sm text-brand-700 hover:underline">
            ← All payments
          </Link>
          <h1 className="mt-1 text-2xl font-semibold">
            {purposeLabel(payment)} · {money(payment.amount)}
          </h1>
        </div>
        <PaymentStatusBadge status={payment.status} />
      </div>

      <Card title="Payment">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
          <Fact label="Order">{payment.orderId}</Fact>
          <Fact label="Customer">
            {payment.user ? (
              <Link href={`/admin/customers/${payment.user.id}`} className="text-brand-700 hover:underline">
                {payment.user.email}
              </Link>
            ) : payment.telegramChatId ? (
              `Telegram chat ${payment.telegramChatId} (no account)`
            ) : (
              "—"
            )}
          </Fact>
          <Fact label="Provider">{PROVIDER_LABEL[payment.provider]}</Fact>
          <Fact label="Provider ref">{payment.providerRef ?? "—"}</Fact>
          <Fact label="Expected">{money(payment.amount)}</Fact>
          <Fact label="Received">{money(payment.amountReceived)}</Fact>
          {payment.amountRefunded > 0 ? <Fact label="Refunded">{money(payment.amountRefunded)}</Fact> : null}
          {payment.attentionReason ? (
            <Fact label="Needs attention">
              <span data-testid="attention-reason">{payment.attentionReason}</span>
            </Fact>
          ) : null}
          {payment.cryptoAmount ? (
            <Fact label="Crypto">
              {payment.cryptoAmount.toString()} {payment.cryptoCurrency}
            </Fact>
          ) : null}
          <Fact label="Created">{formatDateTime(payment.createdAt)}</Fact>
          <Fact label="Paid">{payment.paidAt ? formatDateTime(payment.paidAt) : "—"}</Fact>
          <Fact label="Expires">{payment.expiresAt ? formatDateTime(payment.expiresAt) : "—"}</Fact>
          <Fact label="Payment page">
            {payment.paymentUrl ? (
              <a href={payment.paymentUrl} className="break-all text-brand-700 hover:underline">
                {payment.paymentUrl}
              </a>
            ) : (
              "—"
            )}
          </Fact>
          {payment.failureReason ? <Fact label="Failure">{payment.failureReason}</Fact> : null}
        </dl>
      </Card>

      <Card title="Actions">
        <div className="flex flex-wrap gap-6">
          {refundable ? (
            <RefundForm
              action={refundAction}
              paymentId={payment.id}
              left={money(refundLeft)}
              leftDecimal={toDecimalString(refundLeft, payment.currency)}
              planPayment={payment.purpose === "subscription"}
              how={
                viaApi
                  ? `through ${PROVIDER_LABEL[payment.provider]}`
                  : "as a manual refund you made yourself (recorded here)"
              }
            />
          ) : null}
          {payment.providerRef ? (
            <ConfirmAction
              action={reconcileAction}
              fields={{ paymentId: payment.id }}
              label="Reconcile now"
              confirmLabel={`Ask ${PROVIDER_LABEL[payment.provider]} and apply its answer`}
            />
          ) : null}
        </div>
      </Card>

      <Card title="Timeline">
        <ol className="space-y-3 text-sm" data-testid="payment-timeline">
          {payment.events.map((event) => (
            <li key={event.id} className="border-l-2 border-slate-200 pl-3">
              <p className="font-medium">
                {event.fromStatus === event.toStatus
                  ? `note (${event.toStatus})`
                  : `${event.fromStatus ?? "created"} → ${event.toStatus}`}
                <span className="ml-2 font-normal text-slate-500">
                  {event.source}
                  {event.actorEmail ? ` · ${event.actorEmail}` : ""} · {formatDateTime(event.createdAt)}
                </span>
              </p>
              {event.note ? <p className="text-slate-600">{event.note}</p> : null}
            </li>
          ))}
        </ol>
      </Card>

      {payment.entitlement || payment.notifications.length > 0 ? (
        <Card title="Fulfilment">
          {payment.entitlement ? (
            <p className="text-sm" data-testid="entitlement">
              {payment.product?.name ?? "Product"} granted {formatDateTime(payment.entitlement.grantedAt)}
              {payment.entitlement.telegramChatId
                ? ` to Telegram chat ${payment.entitlement.telegramChatId}`
                : ""}
              {payment.entitlement.revokedAt
                ? ` · revoked ${formatDateTime(payment.entitlement.revokedAt)}`
                : ""}
            </p>
          ) : null}
          <ul className="mt-3 space-y-2 text-sm">
            {payment.notifications.map((notification) => (
              <li key={notification.id}>
                <p>
                  Telegram {notification.kind.replaceAll("_", " ")} to chat {notification.chatId}:{" "}
                  <strong>{notification.status}</strong>
                  {notification.lastError ? ` (${notification.lastError})` : ""}
                </p>
                <ul className="ml-4 text-slate-600">
                  {notification.history.map((attempt) => (
                    <li key={attempt.id}>
                      {formatDateTime(attempt.at)} ·{" "}
                      {attempt.ok ? "sent" : `HTTP ${attempt.httpStatus ?? "—"}`}
                      {attempt.retryAfterSeconds ? ` · retry after ${attempt.retryAfterSeconds} s` : ""}
                      {attempt.error ? ` · ${attempt.error}` : ""}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Webhook deliveries">
        {payment.deliveries.length === 0 ? <p className="text-sm text-slate-600">None yet.</p> : null}
        <ul className="space-y-4">
          {payment.deliveries.map((delivery) => (
            <li
              key={delivery.id}
              className="rounded-md border border-slate-200 p-3 text-sm"
              data-testid="delivery"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p>
                  <strong>{delivery.outcome}</strong> · {delivery.provider}
                  {delivery.providerEventId ? ` · ${delivery.providerEventId}` : ""} ·{" "}
                  {formatDateTime(delivery.receivedAt)}
                  {delivery.verified ? " · verified" : " · not verified"}
                </p>
                <ConfirmAction
                  action={replayAction}
                  fields={{ paymentId: payment.id, deliveryId: delivery.id }}
                  label="Replay delivery"
                  confirmLabel="Verify and apply it again"
                />
              </div>
              {delivery.error ? <p className="mt-1 text-slate-600">{delivery.error}</p> : null}
              <details className="mt-2">
                <summary className="cursor-pointer text-slate-600">Headers and body</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                  {JSON.stringify(delivery.headers, null, 2)}
                </pre>
                <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 text-xs">
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
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{children}</dd>
    </div>
  );
}

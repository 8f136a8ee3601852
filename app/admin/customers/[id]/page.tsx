import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AdminNav } from "@/components/admin/admin-nav";
import { SubscriptionControls } from "@/components/admin/subscription-controls";
import { WalletAdjustmentForm } from "@/components/admin/wallet-adjustment-form";
import { FigureList } from "@/components/admin/figure-list";
import { OperationsList } from "@/components/billing/operations-list";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { getCustomerDetail } from "@/lib/billing/admin/customers";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate, formatDateTime } from "@/lib/format";
import { subscriptionCommandAction, walletAdjustmentAction } from "./actions";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: PageProps<"/admin/customers/[id]">) {
  await requireAdmin();
  const { id } = await params;
  const customer = await getCustomerDetail(id);
  if (!customer) notFound();
  const { subscription, lastPayment } = customer;

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href="/admin/customers" className="text-sm text-brand-700 hover:underline">
          ← Customers
        </Link>
        <h1 className="break-all text-2xl font-semibold" data-testid="customer-email">
          {customer.email ?? "Telegram user (no email)"}
        </h1>
        <AdminNav current="customers" />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Account">
          <FigureList
            empty="—"
            figures={[
              { key: "name", label: "Name", value: customer.name ?? "—" },
              { key: "role", label: "Role", value: customer.role === "ADMIN" ? "Admin" : "Customer" },
              { key: "since", label: "Registered", value: formatDate(customer.createdAt) },
              {
                key: "telegram",
                label: "Telegram",
                value: customer.telegramLinked ? "Linked" : "Not linked",
              },
              {
                key: "balance",
                label: "Balance",
                value: formatMoney(customer.wallet.balance, customer.wallet.currency),
                testId: "customer-balance",
              },
              { key: "free-operations", label: "Free operations", value: "—" },
              { key: "id", label: "User id", value: <code className="text-xs">{customer.id}</code> },
            ]}
          />
        </Card>

        <Card title="Subscription">
          {subscription ? (
            <FigureList
              empty="—"
              figures={[
                {
                  key: "plan",
                  label: "Plan",
                  value: subscription.plan.name,
                  testId: "customer-plan",
                },
                {
                  key: "period-end",
                  label: "Period end",
                  value: subscription.currentPeriodEnd ? formatDate(subscription.currentPeriodEnd) : "—",
                  note: subscription.periodEnded
                    ? "ended; the subscription sweep rolls it over within a minute"
                    : undefined,
                },
                { key: "since", label: "Period start", value: formatDate(subscription.currentPeriodStart) },
                {
                  key: "scheduled",
                  label: "Scheduled",
                  value:
                    subscription.scheduledPlan && subscription.currentPeriodEnd
                      ? `${subscription.scheduledPlan.name} from ${formatDate(subscription.currentPeriodEnd)}`
                      : "—",
                },
                {
                  key: "cancelled",
                  label: "Cancelled",
                  value: subscription.cancelAtPeriodEnd ? "yes: ends with its paid time" : "no",
                },
                {
                  key: "usage",
                  label: "Requests used",
                  value: `${subscription.requestsUsed.toLocaleString("en-US")} / ${subscription.requestsLimit.toLocaleString("en-US")}`,
                },
              ]}
            />
          ) : (
            <p className="text-sm text-slate-600">No subscription.</p>
          )}
        </Card>

        {subscription ? (
          <Card title="Manage subscription">
            <SubscriptionControls
              action={subscriptionCommandAction}
              userId={customer.id}
              currentPlan={subscription.plan.name}
              plans={customer.plans}
            />
          </Card>
        ) : null}

        {subscription ? (
          <Card title="Subscription history">
            {subscription.events.length === 0 ? (
              <p className="text-sm text-slate-600">No changes yet.</p>
            ) : (
              <ol className="space-y-3 text-sm" data-testid="subscription-events">
                {subscription.events.map((event) => (
                  <li key={event.id} className="border-l-2 border-slate-200 pl-3">
                    <p className="font-medium">
                      {event.kind.replaceAll("_", " ")}
                      <span className="ml-2 font-normal text-slate-500">
                        {event.actorEmail ?? "system"} · {formatDateTime(event.at)}
                      </span>
                    </p>
                    <p className="text-slate-600">{event.note}</p>
                    {event.reason ? <p className="text-slate-600">Reason: {event.reason}</p> : null}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        ) : null}

        <Card title="Wallet">
          <WalletAdjustmentForm action={walletAdjustmentAction} userId={customer.id} />
          {customer.wallet.entries.length === 0 ? (
            <p className="mt-4 text-sm text-slate-600">No movements yet.</p>
          ) : (
            <ol className="mt-4 space-y-2 text-sm" data-testid="customer-ledger">
              {customer.wallet.entries.map((entry) => (
                <li key={entry.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {formatDateTime(entry.createdAt)} · {entry.description}
                    {entry.reason ? ` · ${entry.reason}` : ""}
                    {entry.payment ? ` · ${entry.payment.orderId}` : ""}
                  </span>
                  <span className="whitespace-nowrap">
                    {entry.amount > 0 ? "+" : "−"}
                    {formatMoney(Math.abs(entry.amount), customer.wallet.currency)} →{" "}
                    {formatMoney(entry.balanceAfter, customer.wallet.currency)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title="Operations and usage">
          <p className="mb-3 text-sm text-slate-600" data-testid="customer-usage">
            Free operations left: {customer.wallet.freeOperationsLeft}
            {subscription
              ? ` · requests ${subscription.requestsUsed.toLocaleString("en-US")} / ${subscription.requestsLimit.toLocaleString("en-US")} this month`
              : ""}
          </p>
          <OperationsList operations={customer.wallet.operations} />
        </Card>

        <Card title="Payments">
          <FigureList
            empty="—"
            figures={[
              { key: "count", label: "Payments", value: customer.paymentCount },
              {
                key: "last",
                label: "Last payment",
                value: lastPayment ? formatMoney(lastPayment.amount, lastPayment.currency) : "—",
                note: lastPayment ? (
                  <span className="inline-flex items-center gap-2">
                    <PaymentStatusBadge status={lastPayment.status} /> {formatDate(lastPayment.createdAt)}
                  </span>
                ) : undefined,
              },
            ]}
          />
          <Link
            href={customer.paymentsHref as Route}
            data-testid="customer-payments-link"
            className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            See their payments →
          </Link>
        </Card>

        <Card title="Products owned">
          <FigureList
            empty="No products."
            figures={customer.entitlements.map((entitlement) => ({
              key: entitlement.id,
              label: entitlement.product.name,
              value: entitlement.revokedAt ? "Revoked" : formatDate(entitlement.grantedAt),
              note: `${formatMoney(entitlement.payment.amount, entitlement.payment.currency)} · ${entitlement.payment.orderId}`,
              testId: `entitlement-${entitlement.product.slug}`,
            }))}
          />
        </Card>
      </div>
    </div>
  );
}

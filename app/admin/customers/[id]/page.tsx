import type { Metadata, Route } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { AdminNav } from "@/components/admin/admin-nav";
import { SubscriptionControls } from "@/components/admin/subscription-controls";
import { WalletAdjustmentForm } from "@/components/admin/wallet-adjustment-form";
import { FigureList } from "@/components/admin/figure-list";
import { OperationsList } from "@/components/billing/operations-list";
import { PaymentStatusBadge } from "@/components/billing/payment-status-badge";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/session";
import { getCustomerDetail, type CustomerDetail } from "@/lib/billing/admin/customers";
import { formatMoney } from "@/lib/billing/pricing";
import { formatDate, formatDateTime, formatNumber } from "@/lib/format";
import { subscriptionCommandAction, walletAdjustmentAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.meta"))("customer") };
}

type LedgerEntry = CustomerDetail["wallet"]["entries"][number];

export default async function CustomerPage({ params }: PageProps<"/admin/customers/[id]">) {
  await requireAdmin();
  const { id } = await params;
  const customer = await getCustomerDetail(id);
  if (!customer) notFound();
  const { subscription, lastPayment } = customer;
  const [locale, t] = await Promise.all([getLocale(), getTranslations("admin.customer")]);
  const date = (value: Date) => formatDate(value, locale);
  const usage = subscription
    ? {
        used: formatNumber(subscription.requestsUsed, locale),
        limit: formatNumber(subscription.requestsLimit, locale),
      }
    : null;
  /** What moved the balance, as the customer's own ledger words it. */
  const movement = (entry: LedgerEntry) => {
    switch (entry.kind) {
      case "charge":
        return entry.description; // the operation type's name
      case "adjustment":
        return entry.amount > 0 ? t("ledger.credit") : t("ledger.debit");
      case "transfer":
        return entry.amount > 0 ? t("ledger.transferIn") : t("ledger.transferOut");
      case "topup":
      case "refund":
      case "topup_refund":
        return t(`ledger.${entry.kind}`);
    }
  };

  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href="/admin/customers" className="text-sm text-brand-700 hover:underline">
          {t("back")}
        </Link>
        <h1 className="break-all text-2xl font-semibold" data-testid="customer-email">
          {customer.email ?? t("telegramUser")}
        </h1>
        <AdminNav current="customers" />
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <Card title={t("account")}>
          <FigureList
            empty="—"
            figures={[
              { key: "name", label: t("name"), value: customer.name ?? "—" },
              {
                key: "role",
                label: t("role"),
                value: customer.role === "ADMIN" ? t("roleAdmin") : t("roleCustomer"),
              },
              { key: "since", label: t("registered"), value: date(customer.createdAt) },
              {
                key: "telegram",
                label: t("telegram"),
                value: customer.telegramLinked ? t("linked") : t("notLinked"),
              },
              {
                key: "balance",
                label: t("balance"),
                value: formatMoney(customer.wallet.balance, customer.wallet.currency, locale),
                testId: "customer-balance",
              },
              { key: "free-operations", label: t("freeOperations"), value: "—" },
              { key: "id", label: t("userId"), value: <code className="text-xs">{customer.id}</code> },
            ]}
          />
        </Card>

        <Card title={t("subscription")}>
          {subscription ? (
            <FigureList
              empty="—"
              figures={[
                {
                  key: "plan",
                  label: t("plan"),
                  value: subscription.plan.name,
                  testId: "customer-plan",
                },
                {
                  key: "period-end",
                  label: t("periodEnd"),
                  value: subscription.currentPeriodEnd ? date(subscription.currentPeriodEnd) : "—",
                  note: subscription.periodEnded ? t("periodEnded") : undefined,
                },
                { key: "since", label: t("periodStart"), value: date(subscription.currentPeriodStart) },
                {
                  key: "scheduled",
                  label: t("scheduled"),
                  value:
                    subscription.scheduledPlan && subscription.currentPeriodEnd
                      ? t("scheduledFrom", {
                          plan: subscription.scheduledPlan.name,
                          date: date(subscription.currentPeriodEnd),
                        })
                      : "—",
                },
                {
                  key: "cancelled",
                  label: t("cancelled"),
                  value: subscription.cancelAtPeriodEnd ? t("cancelledYes") : t("cancelledNo"),
                },
                {
                  key: "usage",
                  label: t("requestsUsed"),
                  value: usage ? t("usage", usage) : "—",
                },
              ]}
            />
          ) : (
            <p className="text-sm text-slate-600">{t("noSubscription")}</p>
          )}
        </Card>

        {subscription ? (
          <Card title={t("manageSubscription")}>
            <SubscriptionControls
              action={subscriptionCommandAction}
              userId={customer.id}
              currentPlan={subscription.plan.name}
              plans={customer.plans}
            />
          </Card>
        ) : null}

        {subscription ? (
          <Card title={t("history")}>
            {subscription.events.length === 0 ? (
              <p className="text-sm text-slate-600">{t("noChanges")}</p>
            ) : (
              <ol className="space-y-3 break-words text-sm" data-testid="subscription-events">
                {subscription.events.map((event) => (
                  <li key={event.id} className="border-l-2 border-slate-200 pl-3">
                    <p className="font-medium">
                      {t(`eventKind.${event.kind}`)}
                      <span className="ml-2 font-normal text-slate-500">
                        {event.actor === null
                          ? t("system")
                          : event.actor === "deleted"
                            ? t("deletedAdmin")
                            : (event.actor.email ?? "—")}
                        {" · "}
                        {formatDateTime(event.at, locale)}
                      </span>
                    </p>
                    <p className="text-slate-600">{event.note}</p>
                    {event.reason ? (
                      <p className="text-slate-600">{t("reason", { reason: event.reason })}</p>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        ) : null}

        <Card title={t("wallet")}>
          <WalletAdjustmentForm action={walletAdjustmentAction} userId={customer.id} />
          {customer.wallet.entries.length === 0 ? (
            <p className="mt-4 text-sm text-slate-600">{t("noMovements")}</p>
          ) : (
            <ol className="mt-4 space-y-2 text-sm" data-testid="customer-ledger">
              {customer.wallet.entries.map((entry) => (
                <li key={entry.id} className="flex flex-wrap justify-between gap-2">
                  <span className="min-w-0 break-words">
                    {formatDateTime(entry.createdAt, locale)}
                    {" · "}
                    {movement(entry)}
                    {entry.reason ? ` · ${entry.reason}` : null}
                    {entry.payment ? ` · ${entry.payment.orderId}` : null}
                  </span>
                  <span className="whitespace-nowrap">
                    {entry.amount > 0 ? "+" : "−"}
                    {formatMoney(Math.abs(entry.amount), customer.wallet.currency, locale)}
                    {" → "}
                    {formatMoney(entry.balanceAfter, customer.wallet.currency, locale)}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </Card>

        <Card title={t("operations")}>
          <p className="mb-3 text-sm text-slate-600" data-testid="customer-usage">
            {t("freeOperationsLeft", { count: customer.wallet.freeOperationsLeft })}
            {usage ? ` · ${t("requestsThisMonth", usage)}` : null}
          </p>
          <OperationsList operations={customer.wallet.operations} />
        </Card>

        <Card title={t("payments")}>
          <FigureList
            empty="—"
            figures={[
              { key: "count", label: t("paymentCount"), value: formatNumber(customer.paymentCount, locale) },
              {
                key: "last",
                label: t("lastPayment"),
                value: lastPayment ? formatMoney(lastPayment.amount, lastPayment.currency, locale) : "—",
                note: lastPayment ? (
                  <span className="inline-flex items-center gap-2">
                    <PaymentStatusBadge status={lastPayment.status} /> {date(lastPayment.createdAt)}
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
            {t("seePayments")}
          </Link>
        </Card>

        <Card title={t("products")}>
          <FigureList
            empty={t("noProducts")}
            figures={customer.entitlements.map((entitlement) => ({
              key: entitlement.id,
              label: entitlement.product.name,
              value: entitlement.revokedAt ? t("revoked") : date(entitlement.grantedAt),
              note: `${formatMoney(entitlement.payment.amount, entitlement.payment.currency, locale)} · ${entitlement.payment.orderId}`,
              testId: `entitlement-${entitlement.product.slug}`,
            }))}
          />
        </Card>
      </div>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { QuotaMeter } from "@/components/billing/quota-meter";
import { Card } from "@/components/ui/card";
import { CancellationForm } from "../plans/cancellation-form";
import { cancellationLabels } from "../plans/cancellation-labels";
import { getAccountOverview, getSubscriptionTimeline } from "@/lib/billing/subscriptions/queries";
import { DAY_MS, paidUntil } from "@/lib/billing/subscriptions/value";
import { requireUser } from "@/lib/auth/session";
import { addMonths } from "@/lib/billing/calendar";
import { formatMoney } from "@/lib/billing/pricing";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { getBalance } from "@/lib/billing/wallet/queries";
import { formatDate } from "@/lib/format";
import type { Locale } from "@/lib/i18n/locales";
import type { Translator } from "@/lib/i18n/translator";
import { getTelegramChat } from "@/lib/users";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("dashboard.home");
  return { title: t("metaTitle") };
}

type TimelineEvent = Awaited<ReturnType<typeof getSubscriptionTimeline>>[number];

export default async function DashboardPage() {
  const user = await requireUser();
  const [t, locale] = await Promise.all([getTranslations("dashboard"), getLocale()]);
  const now = new Date();
  const [subscription, telegramChat, timeline, balance] = await Promise.all([
    getAccountOverview(user.id, now),
    getTelegramChat(user.id),
    getSubscriptionTimeline(user.id),
    getBalance(user.id),
  ]);
  const paidTimeEnds = subscription ? paidUntil(subscription.paidPeriods, now) : null;
  const date = (value: Date) => formatDate(value, locale);
  // A plan no longer in the catalog is named by nothing rather than failing the page.
  const planName = (id: string) => {
    try {
      return subscription?.plans.byId(id).name ?? "—";
    } catch {
      return "—";
    }
  };
  const root = await getTranslations();

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        {user.name ? t("home.helloName", { name: user.name }) : t("home.hello")}
      </h1>
      {subscription ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Card title={t("home.plan")}>
            <p className="text-2xl font-semibold" data-testid="current-plan">
              {subscription.plan.name}
            </p>
            <p className="mt-1 text-sm text-slate-600" data-testid="current-period">
              {subscription.currentPeriodEnd
                ? t("home.paidUntil", { date: date(subscription.currentPeriodEnd) })
                : t("home.freePlan")}
            </p>
            <Link
              href="/dashboard/plans"
              className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
            >
              {t("home.changePlan")}
            </Link>
            {subscription.scheduledPlan && subscription.currentPeriodEnd ? (
              <p className="mt-1 text-sm text-slate-600">
                {t("home.thenScheduled", {
                  plan: subscription.scheduledPlan.name,
                  date: date(subscription.currentPeriodEnd),
                })}
              </p>
            ) : null}
            {paidTimeEnds ? (
              <div className="mt-3">
                <CancellationForm
                  cancelled={subscription.cancelAtPeriodEnd}
                  labels={cancellationLabels(root, subscription.plan.name, date(paidTimeEnds))}
                />
              </div>
            ) : null}
          </Card>
          <Card title={t("home.usage")}>
            <QuotaMeter used={subscription.requestsUsed} limit={subscription.requestsLimit} />
            <p className="mt-2 text-sm text-slate-600">
              {t("home.since", { date: date(subscription.currentPeriodStart) })}
            </p>
          </Card>
        </div>
      ) : (
        <Card>
          <p className="text-slate-600">{t("home.noSubscription")}</p>
        </Card>
      )}
      {timeline.length > 0 ? (
        <Card title={t("home.history")}>
          <ol className="space-y-2 text-sm" aria-label={t("home.history")}>
            {timeline.map((event) => (
              <li key={event.id} className="flex flex-col sm:flex-row sm:gap-3">
                <time className="shrink-0 text-slate-500" dateTime={event.at.toISOString()}>
                  {date(event.at)}
                </time>
                <span>
                  <span className="font-medium">{t(`event.${event.kind}`)}</span>
                  <span className="text-slate-600">
                    {" · "}
                    {describeEvent(event, root, planName, locale)}
                  </span>
                  {event.reason ? (
                    <span className="text-slate-600">
                      {" · "}
                      {t("home.eventReason", { reason: event.reason })}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <Card title={t("home.balance")}>
        <p className="text-2xl font-semibold" data-testid="dashboard-balance">
          {formatMoney(balance, WALLET_CURRENCY, locale)}
        </p>
        <Link
          href="/dashboard/balance"
          className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          {t("home.topUp")}
        </Link>
      </Card>
      <Card title={t("home.telegram")}>
        <p className="text-sm text-slate-700">
          {telegramChat ? t("home.telegramLinked", { chat: telegramChat }) : t("home.telegramNone")}
        </p>
        <Link
          href="/dashboard/telegram"
          className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          {telegramChat ? t("home.telegramChange") : t("home.telegramLink")}
        </Link>
      </Card>
    </div>
  );
}

/**
 * What a change of the subscription did, in the reader's words, from the plans and dates it
 * recorded (its stored note is the English record, for support).
 */
function describeEvent(
  event: TimelineEvent,
  t: Translator,
  planName: (id: string) => string,
  locale: Locale,
): string {
  const from = planName(event.fromPlanId);
  const to = planName(event.toPlanId);
  const until = event.toPeriodEnd ? formatDate(event.toPeriodEnd, locale) : "—";
  const months = event.payment?.months ?? 1;
  switch (event.kind) {
    case "purchased":
      return t("dashboard.eventDetail.activeUntil", { plan: to, until });
    case "upgraded": {
      // The months bought start now; what runs on past them is the unused time, converted.
      const bought = addMonths(event.at, months);
      const days = event.toPeriodEnd
        ? Math.floor((event.toPeriodEnd.getTime() - bought.getTime()) / DAY_MS)
        : 0;
      return days > 0
        ? t("dashboard.eventDetail.upgraded", { plan: to, until, days, from })
        : t("dashboard.eventDetail.activeUntil", { plan: to, until });
    }
    case "renewed":
      return t("dashboard.eventDetail.renewed", { plan: to, until });
    case "downgrade_scheduled":
      return t("dashboard.eventDetail.downgradeScheduled", { plan: to, months });
    case "canceled":
      return t("dashboard.eventDetail.canceled", { from, until, to });
    case "resumed":
      return t("dashboard.eventDetail.resumed", { plan: to });
    case "rolled_over":
      return t("dashboard.eventDetail.rolledOver", { from, to, until });
    case "ended":
      return t("dashboard.eventDetail.ended", { from, to });
    case "refund_time_removed":
      return t("dashboard.eventDetail.refundTimeRemoved");
    case "plan_changed":
      return t("dashboard.eventDetail.planChanged", { from, to, until });
    case "extended":
      return t("dashboard.eventDetail.extended", { plan: to, until });
    case "ended_now":
      return t("dashboard.eventDetail.endedNow", { to });
    case "value_applied":
      return t("dashboard.eventDetail.valueApplied", { plan: to, months, until });
  }
}

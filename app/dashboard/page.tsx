import type { Metadata } from "next";
import Link from "next/link";
import { QuotaMeter } from "@/components/billing/quota-meter";
import { Card } from "@/components/ui/card";
import { CancellationForm } from "./plans/cancellation-form";
import { getAccountOverview, getSubscriptionTimeline } from "@/lib/billing/subscriptions/queries";
import { paidUntil } from "@/lib/billing/subscriptions/value";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/pricing";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { getBalance } from "@/lib/billing/wallet/queries";
import { formatDate } from "@/lib/format";
import type { SubscriptionEventKind } from "@/lib/generated/prisma/client";
import { getTelegramChat } from "@/lib/users";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const now = new Date();
  const [subscription, telegramChat, timeline, balance] = await Promise.all([
    getAccountOverview(user.id, now),
    getTelegramChat(user.id),
    getSubscriptionTimeline(user.id),
    getBalance(user.id),
  ]);
  const paidTimeEnds = subscription ? paidUntil(subscription.paidPeriods, now) : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Hello{user.name ? `, ${user.name}` : ""}</h1>
      {subscription ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Card title="Plan">
            <p className="text-2xl font-semibold" data-testid="current-plan">
              {subscription.plan.name}
            </p>
            <p className="mt-1 text-sm text-slate-600" data-testid="current-period">
              {subscription.currentPeriodEnd
                ? `Paid until ${formatDate(subscription.currentPeriodEnd)}`
                : "Free plan, no renewal needed"}
            </p>
            <Link
              href="/dashboard/plans"
              className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline"
            >
              Change plan
            </Link>
            {subscription.scheduledPlan && subscription.currentPeriodEnd ? (
              <p className="mt-1 text-sm text-slate-600">
                Then {subscription.scheduledPlan.name} from {formatDate(subscription.currentPeriodEnd)}.
              </p>
            ) : null}
            {paidTimeEnds ? (
              <div className="mt-3">
                <CancellationForm
                  cancelled={subscription.cancelAtPeriodEnd}
                  planName={subscription.plan.name}
                  endsOn={formatDate(paidTimeEnds)}
                />
              </div>
            ) : null}
          </Card>
          <Card title="Usage this period">
            <QuotaMeter used={subscription.requestsUsed} limit={subscription.requestsLimit} />
            <p className="mt-2 text-sm text-slate-600">Since {formatDate(subscription.currentPeriodStart)}</p>
          </Card>
        </div>
      ) : (
        <Card>
          <p className="text-slate-600">Your account has no subscription yet.</p>
        </Card>
      )}
      {timeline.length > 0 ? (
        <Card title="Subscription history">
          <ol className="space-y-2 text-sm" aria-label="Subscription history">
            {timeline.map((event) => (
              <li key={event.id} className="flex flex-col sm:flex-row sm:gap-3">
                <time className="shrink-0 text-slate-500" dateTime={event.at.toISOString()}>
                  {formatDate(event.at)}
                </time>
                <span>
                  <span className="font-medium">{EVENT_LABEL[event.kind]}</span>
                  <span className="text-slate-600"> · {event.note}</span>
                  {event.reason ? <span className="text-slate-600"> · reason: {event.reason}</span> : null}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      <Card title="Balance">
        <p className="text-2xl font-semibold" data-testid="dashboard-balance">
          {formatMoney(balance, WALLET_CURRENCY)}
        </p>
        <Link
          href="/dashboard/balance"
          className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          Top up
        </Link>
      </Card>
      <Card title="Telegram">
        <p className="text-sm text-slate-700">
          {telegramChat
            ? `Payment notifications go to chat ${telegramChat}.`
            : "Get payment notifications in Telegram."}
        </p>
        <Link
          href="/dashboard/telegram"
          className="mt-2 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          {telegramChat ? "Change" : "Link a chat"}
        </Link>
      </Card>
    </div>
  );
}

const EVENT_LABEL: Record<SubscriptionEventKind, string> = {
  purchased: "Purchased",
  renewed: "Renewed",
  upgraded: "Upgraded",
  downgrade_scheduled: "Lower plan scheduled",
  canceled: "Cancelled",
  resumed: "Resumed",
  rolled_over: "Plan changed",
  ended: "Paid time ended",
  refund_time_removed: "Refunded",
  plan_changed: "Plan changed by support",
  extended: "Extended by support",
  ended_now: "Ended by support",
  value_applied: "Payment applied by support",
};

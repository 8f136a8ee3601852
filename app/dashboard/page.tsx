import type { Metadata } from "next";
import Link from "next/link";
import { QuotaMeter } from "@/components/billing/quota-meter";
import { Card } from "@/components/ui/card";
import { getAccountOverview } from "@/lib/billing/subscriptions/queries";
import { requireUser } from "@/lib/auth/session";
import { formatDate } from "@/lib/format";
import { getTelegramChat } from "@/lib/users";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requireUser();
  const [subscription, telegramChat] = await Promise.all([
    getAccountOverview(user.id),
    getTelegramChat(user.id),
  ]);

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
            {subscription.scheduledPlan ? (
              <p className="mt-1 text-sm text-slate-600">
                Changes to {subscription.scheduledPlan.name} at the end of the period.
              </p>
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

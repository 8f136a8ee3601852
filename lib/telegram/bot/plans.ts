import { InlineKeyboard } from "grammy";
import { appUrl } from "@/lib/app-url";
import { getAccountOverview } from "@/lib/billing/subscriptions/queries";
import { telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";

// /plans and /subscription: the customer's plan, when its paid time ends, what comes next, the
// month's requests, and a link to the plans page (plans are bought on the site).

export async function showPlan(ctx: BotContext): Promise<void> {
  const customer = await telegramCustomer(chatIdOf(ctx));
  const overview = await getAccountOverview(customer.id);
  const lines: string[] = [];
  if (overview) {
    const plan = overview.plan.name;
    const end = overview.currentPeriodEnd;
    if (!end) lines.push(ctx.t("bot.plan.free", { plan }));
    else if (overview.cancelAtPeriodEnd) lines.push(ctx.t("bot.plan.ending", { plan, end }));
    else lines.push(ctx.t("bot.plan.active", { plan, end }));
    if (overview.scheduledPlan && end && !overview.cancelAtPeriodEnd) {
      lines.push(ctx.t("bot.plan.next", { plan: overview.scheduledPlan.name, date: end }));
    }
    lines.push(ctx.t("bot.plan.requests", { used: overview.requestsUsed, limit: overview.requestsLimit }));
  }
  lines.push(ctx.t("bot.plan.upgradeHint"));
  await ctx.reply(lines.join("\n"), {
    reply_markup: new InlineKeyboard().url(ctx.t("bot.plan.upgrade"), appUrl("/dashboard/plans")),
  });
}

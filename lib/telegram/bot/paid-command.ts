import type { CommandContext } from "grammy";
import { formatMoney } from "@/lib/billing/pricing";
import { type OperationView, withCharge } from "@/lib/billing/wallet/operations";
import { getWalletPage } from "@/lib/billing/wallet/queries";
import { env } from "@/lib/env";
import { telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";
import type { BotMenus } from "./menus";
import { logger } from "@/lib/log";

// The demo paid command (`/generate <text>`, BOT_PAID_COMMAND): a stand-in operation charged
// through withCharge as BOT_PAID_OPERATION — a free operation while any is left, then the type's
// price from the balance; "not enough balance" with a Top up button; and when the operation fails
// the charge is refunded (withCharge does that) and the user is told.

export class StandInFailure extends Error {
  override name = "StandInFailure";
}

/** What a real product would do here (render, call a model…); fails on the word "fail", for the demo. */
export async function standInOperation(text: string): Promise<string> {
  await Promise.resolve();
  if (/\bfail\b/i.test(text)) throw new StandInFailure("the demo operation failed as asked");
  return [...text].reverse().join("");
}

export async function runPaidCommand(ctx: CommandContext<BotContext>, menus: BotMenus): Promise<void> {
  const { BOT_PAID_COMMAND: command, BOT_PAID_OPERATION: type, FREE_OPERATIONS_COUNT: total } = env();
  const text = ctx.match.trim();
  if (text === "") {
    await ctx.reply(ctx.t("bot.paid.usage", { command }));
    return;
  }
  const customer = await telegramCustomer(chatIdOf(ctx));
  const money = (minor: number, currency: string) => formatMoney(minor, currency, ctx.locale);
  let charged: OperationView | undefined;
  let outcome: Awaited<ReturnType<typeof withCharge<string>>>;
  try {
    outcome = await withCharge({ userId: customer.id }, type, (operation) => {
      charged = operation;
      return standInOperation(text);
    });
  } catch (error) {
    if (!(error instanceof StandInFailure) || !charged) throw error;
    // Refunded by withCharge before it rethrew.
    await ctx.reply(
      ctx.t("bot.paid.failed", { funding: charged.funding, price: money(charged.price, charged.currency) }),
    );
    return;
  }
  switch (outcome.kind) {
    case "done": {
      const { operation } = outcome;
      const wallet = await getWalletPage(customer.id, operation.currency);
      const lines = [ctx.t("bot.paid.result", { text, result: outcome.value })];
      if (operation.funding === "free_credit") {
        lines.push(ctx.t("bot.paid.free", { left: wallet.freeOperationsLeft, total }));
      } else if (operation.price > 0) {
        lines.push(
          ctx.t("bot.paid.charged", {
            price: money(operation.price, operation.currency),
            balance: money(wallet.balance, wallet.currency),
          }),
        );
      }
      await ctx.reply(lines.join("\n"));
      return;
    }
    case "insufficient":
      await ctx.reply(
        ctx.t("bot.paid.insufficient", {
          price: money(outcome.price, outcome.currency),
          balance: money(outcome.balance, outcome.currency),
        }),
        { reply_markup: menus.topUpEntry },
      );
      return;
    case "unknown_type":
      logger("bot").error({ operationType: type }, "bot: BOT_PAID_OPERATION is not an active operation type");
      await ctx.reply(ctx.t("bot.paid.unavailable"));
      return;
    case "unknown_customer":
    case "key_reused":
      throw new Error(`the paid command could not be charged: ${outcome.kind}`);
  }
}

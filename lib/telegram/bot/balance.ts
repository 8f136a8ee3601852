import { formatMoney } from "@/lib/billing/pricing";
import { getWalletPage } from "@/lib/billing/wallet/queries";
import { env } from "@/lib/env";
import { telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";
import type { BotMenus } from "./menus";

// /balance: the wallet's balance and the free operations left ("3 of 4"), with a Top up button.

export async function showBalance(ctx: BotContext, menus: BotMenus): Promise<void> {
  const customer = await telegramCustomer(chatIdOf(ctx));
  const wallet = await getWalletPage(customer.id);
  await ctx.reply(
    ctx.t("bot.balance.text", {
      balance: formatMoney(wallet.balance, wallet.currency, ctx.locale),
      left: wallet.freeOperationsLeft,
      total: env().FREE_OPERATIONS_COUNT,
    }),
    { reply_markup: menus.topUpEntry },
  );
}

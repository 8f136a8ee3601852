import { getWalletPage } from "@/lib/billing/wallet/queries";
import { env } from "@/lib/env";
import { telegramCustomer } from "@/lib/users";
import { type BotContext, chatIdOf } from "./context";
import type { BotMenus } from "./menus";

// /start: the chat's customer is created on first contact, once (telegramCustomer: a partial
// unique index decides between two /start at once), with its wallet and free operations; then a
// greeting and the main menu.

export async function start(ctx: BotContext, menus: BotMenus): Promise<void> {
  const customer = await telegramCustomer(chatIdOf(ctx));
  const wallet = await getWalletPage(customer.id);
  const lines = [ctx.t("bot.start.welcome")];
  if (wallet.freeOperationsLeft > 0) {
    lines.push(
      ctx.t("bot.start.gift", { count: wallet.freeOperationsLeft, command: env().BOT_PAID_COMMAND }),
    );
  }
  await ctx.reply(lines.join("\n\n"));
  await showMainMenu(ctx, menus);
}

export async function showMainMenu(ctx: BotContext, menus: BotMenus): Promise<void> {
  await ctx.reply(ctx.t("bot.start.choose"), { reply_markup: menus.main });
}

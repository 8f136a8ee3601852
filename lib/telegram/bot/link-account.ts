import { redeemLinkToken } from "@/lib/telegram/link-tokens";
import { type BotContext, chatIdOf } from "./context";

// `/start <token>`: the dashboard's "Connect Telegram" button opened t.me/<bot>?start=<token>, and
// Telegram sent it from the customer's own chat: link this chat to that account
// (lib/telegram/link-tokens.ts). An expired, used or unknown token links nothing and says so.

export async function linkAccount(ctx: BotContext, token: string): Promise<void> {
  const result = await redeemLinkToken(token, chatIdOf(ctx));
  if (result.ok) await ctx.reply(ctx.t("bot.link.linked", { email: result.email ?? "" }));
  else await ctx.reply(ctx.t(`bot.link.${result.reason}`));
}

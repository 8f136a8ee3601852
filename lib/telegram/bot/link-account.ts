import type { BotContext } from "./context";

// `/start <token>`: a dashboard account's link to this chat (the site's "Connect Telegram"
// button opens t.me/<bot>?start=<token>). Not built yet: the tokens come with the dashboard's
// button. Until then every token is answered as not valid, and nothing is linked.

export async function linkAccount(ctx: BotContext, token: string): Promise<void> {
  void token;
  await ctx.reply(ctx.t("bot.link.invalid"));
}

import { env } from "@/lib/env";
import type { BotContext } from "./context";

// /help, and the answer to anything the bot does not understand.

export async function showHelp(ctx: BotContext): Promise<void> {
  const { BOT_PAID_COMMAND: command, FREE_OPERATIONS_COUNT: free } = env();
  await ctx.reply(ctx.t("bot.help.text", { command, free }));
}

export async function answerUnknown(ctx: BotContext): Promise<void> {
  const command = /^\/([A-Za-z0-9_]+)/.exec(ctx.message?.text ?? "")?.[1];
  await ctx.reply(command ? ctx.t("bot.unknown.command", { command }) : ctx.t("bot.unknown.text"));
}

import { autoRetry } from "@grammyjs/auto-retry";
import { conversations, createConversation } from "@grammyjs/conversations";
import { Bot, type BotError, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { env } from "@/lib/env";
import { translatorFor } from "@/lib/i18n/translator";
import { showBalance } from "./balance";
import { showCourse } from "./buy";
import type { BotContext } from "./context";
import { answerUnknown, showHelp } from "./help";
import { showLanguageChoice } from "./language";
import { linkAccount } from "./link-account";
import { chooseLocale, localeMiddleware } from "./locale";
import { createMenus } from "./menus";
import { runPaidCommand } from "./paid-command";
import { showPlan } from "./plans";
import { rateLimit } from "./rate-limit";
import { start } from "./start";
import { botSessionStorage } from "./storage";
import { showTopUpChoice } from "./topup";
import { CANCEL_TOPUP, TOPUP_AMOUNT, TOPUP_AMOUNT_TIMEOUT_MS, topUpAmount } from "./topup-amount";
import { logger } from "@/lib/log";

// The Telegram bot (grammY), one factory for every way it runs: `npm run bot` (long polling),
// the webhook route (app/api/telegram/webhook), and the tests. It talks to `apiRoot` (Telegram, or
// the emulator in sandbox/telegram) and keeps nothing in process: customers and wallets live in
// the billing module, conversations in BotSession, rate-limit counters in RateLimit, so any
// number of processes can answer.

export interface CreateBotOptions {
  token: string;
  /** The Bot API's base URL: TELEGRAM_API_BASE. */
  apiRoot: string;
  /** Known already (tests, a warm webhook): spares the getMe call of bot.init(). */
  botInfo?: UserFromGetMe;
}

/** How long the sender waits at most when Telegram says "retry after N" (429), per try. */
const MAX_RETRY_AFTER_SECONDS = 60;

export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const bot = new Bot<BotContext>(options.token, {
    client: { apiRoot: options.apiRoot.replace(/\/+$/, "") },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Telegram's 429 carries retry_after: every call waits that long and tries again (3 times).
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: MAX_RETRY_AFTER_SECONDS }));
  bot.catch(reportBotError);

  const menus = createMenus();
  const { BOT_PAID_COMMAND } = env();
  // A private chat is a customer; the bot does nothing in groups and channels.
  const chat = bot.chatType("private");
  chat.use(rateLimit());
  chat.use(localeMiddleware);
  chat.use(
    conversations({
      storage: { type: "key", version: 1, prefix: "conversation:", adapter: botSessionStorage() },
    }),
  );
  chat.use(
    createConversation(topUpAmount, { id: TOPUP_AMOUNT, maxMillisecondsToWait: TOPUP_AMOUNT_TIMEOUT_MS }),
  );
  chat.use(menus.main);

  chat.command("start", (ctx) => (ctx.match.trim() ? linkAccount(ctx, ctx.match.trim()) : start(ctx, menus)));
  chat.command("balance", (ctx) => showBalance(ctx, menus));
  chat.command("topup", (ctx) => showTopUpChoice(ctx, menus));
  chat.command(BOT_PAID_COMMAND, (ctx) => runPaidCommand(ctx, menus));
  chat.command("buy", (ctx) => showCourse(ctx));
  chat.command(["plans", "subscription"], (ctx) => showPlan(ctx));
  chat.command("language", (ctx) => showLanguageChoice(ctx, menus));
  chat.command("help", (ctx) => showHelp(ctx));
  // A Cancel pressed after its question was answered or expired.
  chat.callbackQuery(CANCEL_TOPUP, (ctx) =>
    ctx.answerCallbackQuery({ text: ctx.t("bot.topup.nothingToCancel") }),
  );
  chat.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  chat.on("message", (ctx) => answerUnknown(ctx));
  return bot;
}

/**
 * An update whose handling failed: logged with what failed (never the token: grammY's errors name
 * the method, not the URL), and the user is told. The update counts as handled: run again, a
 * paid command would be charged again.
 */
export async function reportBotError(error: BotError<BotContext>): Promise<void> {
  const cause = error.error;
  const what =
    cause instanceof GrammyError
      ? `${cause.method}: ${cause.description}`
      : cause instanceof HttpError
        ? `network: ${cause.message}`
        : cause;
  logger("bot").error(
    {
      updateId: error.ctx.update.update_id,
      ...(typeof what === "string" ? { reason: what } : { err: what }),
    },
    "bot: update failed",
  );
  const { ctx } = error;
  // Set by the locale middleware, unless the failure came before it.
  const t =
    (ctx.t as BotContext["t"] | undefined) ?? translatorFor(chooseLocale(null, ctx.from?.language_code));
  if (ctx.chat) await ctx.reply(t("bot.error")).catch(() => undefined);
}

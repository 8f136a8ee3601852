// `npm run bot`: the Telegram bot (lib/telegram/bot), configured by TELEGRAM_BOT_TOKEN and
// TELEGRAM_API_BASE. With TELEGRAM_WEBHOOK=true it registers APP_URL/api/telegram/webhook with
// Telegram (secret_token: TELEGRAM_WEBHOOK_SECRET) and exits: the app's route answers the updates.
// Otherwise it asks Telegram for updates (long polling) until stopped; run one such process per
// bot (Telegram ends a second poller's requests with 409). `npm run dev` starts it by itself
// against the Telegram emulator. Uses DATABASE_URL, else the embedded database (when the app is
// not holding it).
import nextEnv from "@next/env";
import { openDatabase, type DatabaseHandle } from "../lib/database-server";
import { disconnectDb } from "../lib/db";
import { DataDirBusyError } from "../lib/embedded-postgres";
import { EnvError, parseEnv } from "../lib/env";
import { publishCommands } from "../lib/telegram/bot/commands";
import { createBot } from "../lib/telegram/bot/create-bot";
import { configureLogging, logger } from "../lib/log";

nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production");
configureLogging();

/** What the bot handles; Telegram sends nothing else. */
const ALLOWED_UPDATES = ["message", "callback_query"] as const;
const botLog = logger("bot");

let database: DatabaseHandle | undefined;
try {
  const config = parseEnv();
  if (!config.TELEGRAM_BOT_TOKEN) throw new EnvError("TELEGRAM_BOT_TOKEN is required to run the bot.");
  const bot = createBot({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_BASE });
  await bot.init();
  await publishCommands(bot);

  if (config.TELEGRAM_WEBHOOK) {
    const url = new URL("/api/telegram/webhook", config.APP_URL).toString();
    await bot.api.setWebhook(url, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    botLog.info({ bot: bot.botInfo.username, url }, "bot: webhook registered (the app answers the updates)");
    process.exit(0);
  }

  database = await openDatabase();
  process.env.DATABASE_URL = database.url;
  // Once, however many signals come (Ctrl-C reaches both this process and the launcher, which
  // forwards it): stopping confirms the updates handled so far, so Telegram does not resend them.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await bot.stop();
      await disconnectDb();
      await database?.stop();
      process.exit(0);
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop());
  await bot.start({
    allowed_updates: [...ALLOWED_UPDATES],
    onStart: (me) =>
      botLog.info({ bot: me.username, api: config.TELEGRAM_API_BASE }, "bot: polling (Ctrl-C to stop)"),
  });
} catch (error) {
  const known = error instanceof EnvError || error instanceof DataDirBusyError;
  // grammY's errors name the method and Telegram's description, never the token.
  if (known) console.error(error.message);
  else botLog.fatal({ err: error }, "bot: stopped");
  await database?.stop();
  process.exit(1);
}

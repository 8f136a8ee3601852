import { limit } from "@grammyjs/ratelimiter";
import { db } from "@/lib/db";
import { translatorFor } from "@/lib/i18n/translator";
import type { BotContext } from "./context";
import { chooseLocale } from "./locale";

// Per-user flood control: grammY's rateLimiter plugin, counting in PostgreSQL rather than in one
// process's memory, so the limit holds however many bot processes or app instances (webhook)
// answer. The plugin wants a Redis-like client (`incr`, then `pexpire` on the first hit); the
// counter here is one row of the RateLimit table (shared with lib/rate-limit.ts under its own
// key prefix) that `incr` moves with one atomic upsert, restarting it when its window is over.
// The window is set by `incr` itself, so a crash between the plugin's two calls cannot leave a
// counter that never resets; `pexpire` has nothing left to do.

/**
 * Updates a user may send per window; more are dropped (the first one over is answered). A person
 * tapping fast sends 2–3 a second for a moment; a script or a stuck client sends far more.
 */
export const BOT_RATE_LIMIT = { limit: 10, windowMs: 5_000 } as const;

/** What the plugin calls on a Redis client (its RedisType, which the package does not export). */
export interface Counter {
  incr(key: string): Promise<number>;
  pexpire(key: string, milliseconds: number): Promise<number>;
}

export function postgresCounter(windowMs: number): Counter {
  return {
    async incr(key) {
      const now = Date.now();
      try {
        const [row] = await db.$queryRaw<{ points: number }[]>`
          INSERT INTO "RateLimit" (key, points, expire) VALUES (${key}, 1, ${now + windowMs})
          ON CONFLICT (key) DO UPDATE SET
            points = CASE WHEN "RateLimit".expire IS NULL OR "RateLimit".expire <= ${now}
                          THEN 1 ELSE "RateLimit".points + 1 END,
            expire = CASE WHEN "RateLimit".expire IS NULL OR "RateLimit".expire <= ${now}
                          THEN ${now + windowMs} ELSE "RateLimit".expire END
          RETURNING points`;
        return row?.points ?? 1;
      } catch {
        // Fails open: a database hiccup must not silence the bot (its handlers need the database
        // anyway, and will say so).
        return 1;
      }
    },
    pexpire: () => Promise.resolve(1),
  };
}

export function rateLimit() {
  return limit<BotContext, Counter>({
    timeFrame: BOT_RATE_LIMIT.windowMs,
    limit: BOT_RATE_LIMIT.limit,
    storageClient: postgresCounter(BOT_RATE_LIMIT.windowMs),
    keyPrefix: "telegram-bot:",
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    // Runs before the reader's saved language is looked up (a flood costs one query per update),
    // so it answers in their Telegram app's language. The plugin does not wait for it.
    onLimitExceeded: (ctx) => {
      void tellLimited(ctx).catch(() => undefined);
    },
  });
}

async function tellLimited(ctx: BotContext): Promise<void> {
  const text = translatorFor(chooseLocale(null, ctx.from?.language_code))("bot.rateLimited");
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else await ctx.reply(text);
}

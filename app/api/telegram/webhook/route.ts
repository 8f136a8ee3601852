// Called by Telegram with each update for the bot when TELEGRAM_WEBHOOK=true; authenticated by
// the webhook's secret_token (TELEGRAM_WEBHOOK_SECRET), not by session.
import { handleTelegramWebhook } from "@/lib/telegram/bot/webhook";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return handleTelegramWebhook(request);
}

import { z } from "zod";
import { env } from "@/lib/env";

// Telegram Bot API sendMessage (PROVIDERS.md): the base URL comes from the environment, so the
// same code talks to the real API or to sandbox/telegram. The URL contains the bot token: it is
// never logged, and errors carry only Telegram's own description.

const TIMEOUT_MS = 10_000;

export type TelegramResult =
  | { ok: true; messageId: number | null }
  /** 429: wait `retryAfter` seconds, then try again. */
  | { ok: false; kind: "rate-limited"; status: 429; retryAfter: number; description: string }
  /** 403 (bot blocked), 400 (chat not found…): trying again cannot help. */
  | { ok: false; kind: "permanent"; status: number; description: string }
  /** 5xx or no answer: worth retrying later. */
  | { ok: false; kind: "temporary"; status: number | null; description: string };

const reply = z.object({
  ok: z.boolean(),
  result: z.object({ message_id: z.number() }).partial().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

export function telegramConfigured(): boolean {
  return Boolean(env().TELEGRAM_BOT_TOKEN);
}

export async function sendTelegramMessage(chatId: string, text: string): Promise<TelegramResult> {
  const { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_BASE: base } = env();
  if (!token)
    return { ok: false, kind: "permanent", status: 0, description: "TELEGRAM_BOT_TOKEN is not set" };

  let response: Response;
  try {
    response = await fetch(`${base.replace(/\/+$/, "")}/bot${token}/sendMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ chat_id: chatId, text, link_preview_options: { is_disabled: true } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { ok: false, kind: "temporary", status: null, description: "Telegram could not be reached" };
  }
  const parsed = reply.safeParse(await response.json().catch(() => null));
  const description = parsed.success ? (parsed.data.description ?? "") : "unreadable reply";
  if (response.ok && parsed.success && parsed.data.ok) {
    return { ok: true, messageId: parsed.data.result?.message_id ?? null };
  }
  if (response.status === 429) {
    const retryAfter = parsed.success ? (parsed.data.parameters?.retry_after ?? 5) : 5;
    return { ok: false, kind: "rate-limited", status: 429, retryAfter, description };
  }
  if (response.status >= 400 && response.status < 500) {
    return { ok: false, kind: "permanent", status: response.status, description };
  }
  return { ok: false, kind: "temporary", status: response.status, description };
}

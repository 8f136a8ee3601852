import { Api } from "grammy";
import { env } from "@/lib/env";

// The link that opens the bot in the customer's Telegram with a start parameter
// (t.me/<bot username>?start=<token>). The username is asked of Telegram (getMe) when a customer
// presses "Connect Telegram", within a budget: a hanging Telegram fails the button, not the page.

const GET_ME_BUDGET_MS = 3_000;

export type DeepLink = { ok: true; url: string } | { ok: false; reason: "not_configured" | "unreachable" };

export async function botDeepLink(start: string): Promise<DeepLink> {
  const { TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE, TELEGRAM_DEEP_LINK_BASE } = env();
  if (!TELEGRAM_BOT_TOKEN) return { ok: false, reason: "not_configured" };
  try {
    const api = new Api(TELEGRAM_BOT_TOKEN, { apiRoot: TELEGRAM_API_BASE });
    // grammY types its signal with an AbortSignal shim; the platform's is what it passes to fetch.
    const signal = AbortSignal.timeout(GET_ME_BUDGET_MS) as unknown as Parameters<Api["getMe"]>[0];
    const me = await api.getMe(signal);
    const url = new URL(`${TELEGRAM_DEEP_LINK_BASE.replace(/\/$/, "")}/${encodeURIComponent(me.username)}`);
    url.searchParams.set("start", start);
    return { ok: true, url: url.toString() };
  } catch {
    return { ok: false, reason: "unreachable" };
  }
}

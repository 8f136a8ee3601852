import { createHmac } from "node:crypto";
import fs from "node:fs";

// What the e2e server's launcher started (scripts/sandbox.ts writes DATA_DIR/sandbox.json), and
// the bot's link signing with the secret playwright.config.ts gives the server.

export const LINK_SECRET = "e2e-only-telegram-link-secret";
export const INVITE_LINK = "https://t.me/+e2e-course-invite";

export function sandboxUrls(): { stripe: string; telegram: string } {
  return JSON.parse(fs.readFileSync(".data/e2e/sandbox.json", "utf8")) as {
    stripe: string;
    telegram: string;
  };
}

/** A purchase link as the Telegram bot sends it. */
export function botLink(product: string, chatId: string, secret = LINK_SECRET): string {
  const sig = createHmac("sha256", secret).update(chatId).digest("hex");
  return `/pay/${product}?tg_id=${chatId}&sig=${sig}`;
}

export function uniqueChatId(): string {
  return String(7_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
}

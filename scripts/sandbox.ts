import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Env } from "../lib/env";
import { signChatId } from "../lib/telegram/chat-link";
import { startCryptoCloudEmulator } from "../sandbox/cryptocloud/emulator";
import { startStripeEmulator } from "../sandbox/stripe/emulator";
import { startTelegramEmulator } from "../sandbox/telegram/emulator";
import { startYooKassaEmulator } from "../sandbox/yookassa/emulator";

// With no provider keys configured, the launcher runs the local emulators (sandbox/) and points
// the app at them, so the whole payment flow works offline: in the demo, in development and in
// the end-to-end tests. With real keys, nothing here runs and the app talks to the real APIs.
// Where they listen is printed and written to DATA_DIR/sandbox.json.

export interface Sandbox {
  /** Variables that point the app at the emulators. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The chat the printed demo bot link buys for. */
const DEMO_CHAT_ID = "100200300";

export async function startSandbox(config: Env): Promise<Sandbox> {
  const closers: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const urls: Record<string, string> = {};
  const webhookUrl = new URL("/api/webhook/payment", config.APP_URL).toString();
  const secret = () => randomBytes(24).toString("base64url");

  if (!config.CRYPTOCLOUD_API_KEY) {
    const keys = { apiKey: `sandbox-${secret()}`, shopId: "sandbox-shop", secretKey: secret() };
    const emulator = await startCryptoCloudEmulator({
      ...keys,
      postbackUrl: webhookUrl,
      postbackFormat: "json",
      successUrl: new URL("/dashboard/payment/success", config.APP_URL).toString(),
      failUrl: new URL("/dashboard/payment/error", config.APP_URL).toString(),
    });
    closers.push(() => emulator.close());
    Object.assign(env, {
      CRYPTOCLOUD_API_KEY: keys.apiKey,
      CRYPTOCLOUD_SHOP_ID: keys.shopId,
      CRYPTOCLOUD_SECRET_KEY: keys.secretKey,
      CRYPTOCLOUD_API_BASE: emulator.apiBase,
    });
    urls.cryptocloud = emulator.url;
    console.log(`sandbox: CryptoCloud emulator on ${emulator.url} (no CRYPTOCLOUD_API_KEY set)`);
  }

  if (!config.STRIPE_SECRET_KEY) {
    const keys = { secretKey: `sk_test_sandbox_${secret()}`, webhookSecret: `whsec_${secret()}` };
    const emulator = await startStripeEmulator({ ...keys, webhookUrl });
    closers.push(() => emulator.close());
    Object.assign(env, {
      STRIPE_SECRET_KEY: keys.secretKey,
      STRIPE_WEBHOOK_SECRET: keys.webhookSecret,
      STRIPE_API_BASE: emulator.url,
    });
    urls.stripe = emulator.url;
    console.log(`sandbox: Stripe emulator on ${emulator.url} (no STRIPE_SECRET_KEY set)`);
  }

  if (!config.YOOKASSA_SHOP_ID) {
    const keys = { shopId: "sandbox-shop", secretKey: `test_${secret()}` };
    const emulator = await startYooKassaEmulator({
      ...keys,
      notificationUrl: webhookUrl,
      receipts: config.YOOKASSA_RECEIPTS,
    });
    closers.push(() => emulator.close());
    Object.assign(env, {
      YOOKASSA_SHOP_ID: keys.shopId,
      YOOKASSA_SECRET_KEY: keys.secretKey,
      YOOKASSA_API_BASE: emulator.apiBase,
      // The emulator notifies from this machine: 127.0.0.1, or ::1 when APP_URL's host resolves to it.
      YOOKASSA_ALLOWED_IPS: "127.0.0.1,::1",
    });
    urls.yookassa = emulator.url;
    console.log(`sandbox: YooKassa emulator on ${emulator.url} (no YOOKASSA_SHOP_ID set)`);
  }

  if (!config.TELEGRAM_BOT_TOKEN) {
    const token = `0:sandbox${secret()}`;
    const emulator = await startTelegramEmulator({ token });
    closers.push(() => emulator.close());
    // It plays t.me as well: "Connect Telegram" links open the bot on its page.
    Object.assign(env, {
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_BASE: emulator.url,
      TELEGRAM_DEEP_LINK_BASE: emulator.url,
    });
    urls.telegram = emulator.url;
    console.log(`sandbox: Telegram emulator on ${emulator.url}; messages at ${emulator.url}/_emulator/chats`);
    // npm run dev runs the bot against it (scripts/serve.ts): a person chats with it on this page.
    urls.demoBotChat = `${emulator.url}/_emulator/chats/${DEMO_CHAT_ID}`;
    console.log(`sandbox: chat with the bot as user ${DEMO_CHAT_ID}: ${urls.demoBotChat}`);
  }

  if (urls.telegram) {
    // The demo needs something to deliver and a bot link to start from.
    env.PAID_CHANNEL_LINK = config.PAID_CHANNEL_LINK ?? "https://t.me/+sandbox-invite-link";
    env.TELEGRAM_LINK_SECRET = config.TELEGRAM_LINK_SECRET ?? secret();
    urls.demoBotLink = new URL(
      `/pay/telegram-course?tg_id=${DEMO_CHAT_ID}&sig=${signChatId(DEMO_CHAT_ID, env.TELEGRAM_LINK_SECRET)}`,
      config.APP_URL,
    ).toString();
    console.log(`sandbox: a bot's purchase link for chat ${DEMO_CHAT_ID}: ${urls.demoBotLink}`);
    const topUpLink = new URL(
      `/pay/topup?tg_id=${DEMO_CHAT_ID}&sig=${signChatId(DEMO_CHAT_ID, env.TELEGRAM_LINK_SECRET)}`,
      config.APP_URL,
    ).toString();
    console.log(`sandbox: a bot's top-up link for chat ${DEMO_CHAT_ID}: ${topUpLink}`);
  }

  const file = path.resolve(config.DATA_DIR, "sandbox.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(urls, null, 2)}\n`);

  return { env, close: async () => void (await Promise.all(closers.map((close) => close()))) };
}

import { randomBytes } from "node:crypto";
import type { Env } from "../lib/env";
import { startCryptoCloudEmulator } from "../sandbox/cryptocloud/emulator";

// With no provider keys configured, the launcher runs the local emulators (sandbox/) and points
// the app at them, so the whole payment flow works offline: in the demo, in development and in
// the end-to-end tests. With real keys, nothing here runs and the app talks to the real APIs.

export interface Sandbox {
  /** Variables that point the app at the emulators. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSandbox(config: Env): Promise<Sandbox> {
  const closers: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};

  if (!config.CRYPTOCLOUD_API_KEY) {
    const keys = {
      apiKey: `sandbox-${randomBytes(12).toString("hex")}`,
      shopId: "sandbox-shop",
      secretKey: randomBytes(32).toString("base64url"),
    };
    const emulator = await startCryptoCloudEmulator({
      ...keys,
      postbackUrl: new URL("/api/webhook/payment", config.APP_URL).toString(),
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
    console.log(`sandbox: CryptoCloud emulator on ${emulator.url} (no CRYPTOCLOUD_API_KEY set)`);
  }

  return { env, close: async () => void (await Promise.all(closers.map((close) => close()))) };
}

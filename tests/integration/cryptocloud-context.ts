import { afterAll, beforeAll } from "vitest";
import { startSubscriptionCheckout } from "@/lib/billing/checkout";
import { db } from "@/lib/db";
import { startCryptoCloudEmulator, type CryptoCloudEmulator } from "@/sandbox/cryptocloud/emulator";
import { customer } from "./helpers";

// A CryptoCloud emulator on 127.0.0.1 for one test file, and the app configured to use it: the
// real adapter, over real HTTP. Postbacks are built by the emulator and delivered by the tests.

export const SECRET_KEY = "test-secret-key-for-postback-tokens";

export function withCryptoCloudEmulator(): { emulator: () => CryptoCloudEmulator } {
  let emulator: CryptoCloudEmulator | undefined;
  beforeAll(async () => {
    emulator = await startCryptoCloudEmulator({
      apiKey: "test-api-key",
      shopId: "test-shop",
      secretKey: SECRET_KEY,
    });
    Object.assign(process.env, {
      CRYPTOCLOUD_API_KEY: "test-api-key",
      CRYPTOCLOUD_SHOP_ID: "test-shop",
      CRYPTOCLOUD_SECRET_KEY: SECRET_KEY,
      CRYPTOCLOUD_API_BASE: emulator.apiBase,
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    emulator: () => {
      if (!emulator) throw new Error("emulator not started");
      return emulator;
    },
  };
}

/** A customer who has started buying `plan` and holds an open CryptoCloud invoice. */
export async function customerWithInvoice(options: { plan?: string; months?: 1 | 12 } = {}) {
  const user = await customer("buyer");
  const result = await startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug: options.plan ?? "pro",
    months: options.months ?? 12,
    provider: "cryptocloud",
  });
  if (result.kind !== "redirect")
    throw new Error(`checkout did not open an invoice: ${JSON.stringify(result)}`);
  const payment = await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } });
  return { user, payment, invoice: payment.providerRef! };
}

export function webhookRequest(body: string, contentType: string): Request {
  return new Request("http://127.0.0.1/api/webhook/payment", {
    method: "POST",
    headers: { "content-type": contentType, "user-agent": "CryptoCloud-Postback" },
    body,
  });
}

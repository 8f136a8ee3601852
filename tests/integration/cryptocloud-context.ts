import { startCryptoCloudEmulator, type CryptoCloudEmulator } from "@/sandbox/cryptocloud/emulator";
import { customerWithCheckout, withEmulator } from "./helpers";

// A CryptoCloud emulator on 127.0.0.1 for one test file, and the app configured to use it: the
// real adapter, over real HTTP. Postbacks are built by the emulator and delivered by the tests.

export const SECRET_KEY = "test-secret-key-for-postback-tokens";

export function withCryptoCloudEmulator(): { emulator: () => CryptoCloudEmulator } {
  return withEmulator(
    () => startCryptoCloudEmulator({ apiKey: "test-api-key", shopId: "test-shop", secretKey: SECRET_KEY }),
    (emulator) => ({
      CRYPTOCLOUD_API_KEY: "test-api-key",
      CRYPTOCLOUD_SHOP_ID: "test-shop",
      CRYPTOCLOUD_SECRET_KEY: SECRET_KEY,
      CRYPTOCLOUD_API_BASE: emulator.apiBase,
    }),
  );
}

/** A customer who has started buying `plan` and holds an open CryptoCloud invoice. */
export async function customerWithInvoice(options: { plan?: string; months?: 1 | 12 } = {}) {
  const { user, payment, providerRef } = await customerWithCheckout("cryptocloud", {
    months: 12,
    ...options,
    label: "buyer",
  });
  return { user, payment, invoice: providerRef };
}

export function webhookRequest(body: string, contentType: string): Request {
  return new Request("http://127.0.0.1/api/webhook/payment", {
    method: "POST",
    headers: { "content-type": contentType, "user-agent": "CryptoCloud-Postback" },
    body,
  });
}

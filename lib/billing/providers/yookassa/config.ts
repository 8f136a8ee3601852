import { env } from "@/lib/env";
import { addressAllowlist, type AddressAllowlist } from "@/lib/billing/providers/yookassa/allowlist";

// YooKassa's settings from the environment. The base URL comes from there too, so the same code
// talks to api.yookassa.ru or to the emulator under sandbox/yookassa.

export interface YooKassaConfig {
  shopId: string;
  secretKey: string;
  /** Without a trailing slash: "https://api.yookassa.ru/v3". */
  apiBase: string;
  /** Where notifications may come from (YOOKASSA_ALLOWED_IPS). */
  allowlist: AddressAllowlist;
  /** Every payment and refund carries a 54-FZ receipt. */
  receipts: boolean;
  vatCode: number;
}

/** The configuration, or null when YooKassa is not set up (rouble payments are then off). */
export function yooKassaConfig(): YooKassaConfig | null {
  const e = env();
  if (!e.YOOKASSA_SHOP_ID || !e.YOOKASSA_SECRET_KEY) return null;
  return {
    shopId: e.YOOKASSA_SHOP_ID,
    secretKey: e.YOOKASSA_SECRET_KEY,
    apiBase: e.YOOKASSA_API_BASE.replace(/\/+$/, ""),
    allowlist: cachedAllowlist(e.YOOKASSA_ALLOWED_IPS),
    receipts: e.YOOKASSA_RECEIPTS,
    vatCode: e.YOOKASSA_VAT_CODE,
  };
}

// Built once per list: every delivery is checked against it, twice (on arrival and in the worker).
let cached: { key: string; allowlist: AddressAllowlist } | undefined;
function cachedAllowlist(entries: readonly string[]): AddressAllowlist {
  const key = entries.join(",");
  if (cached?.key !== key) cached = { key, allowlist: addressAllowlist(entries) };
  return cached.allowlist;
}

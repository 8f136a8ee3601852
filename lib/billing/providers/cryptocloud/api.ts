import { z } from "zod";
import { env } from "@/lib/env";
import { ProviderError } from "@/lib/billing/providers/types";

// CryptoCloud API v2: every call is a JSON POST with `Authorization: Token <API key>`, answered
// with {"status":"success"|"error","result":…} (PROVIDERS.md). The base URL comes from the
// environment, so the same code talks to the real API or to sandbox/cryptocloud.

const TIMEOUT_MS = 10_000;

export interface CryptoCloudConfig {
  apiKey: string;
  shopId: string;
  secretKey: string;
  apiBase: string;
}

/** The configuration, or null when CryptoCloud is not set up (crypto checkout is then off). */
export function cryptoCloudConfig(): CryptoCloudConfig | null {
  const e = env();
  if (!e.CRYPTOCLOUD_API_KEY || !e.CRYPTOCLOUD_SHOP_ID || !e.CRYPTOCLOUD_SECRET_KEY) return null;
  return {
    apiKey: e.CRYPTOCLOUD_API_KEY,
    shopId: e.CRYPTOCLOUD_SHOP_ID,
    secretKey: e.CRYPTOCLOUD_SECRET_KEY,
    apiBase: e.CRYPTOCLOUD_API_BASE.replace(/\/+$/, ""),
  };
}

const envelope = z.object({ status: z.string(), result: z.unknown().optional() });

export async function callCryptoCloud<T>(
  config: CryptoCloudConfig,
  path: string,
  body: unknown,
  result: z.ZodType<T>,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${config.apiBase}${path}`, {
      method: "POST",
      headers: { Authorization: `Token ${config.apiKey}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    throw new ProviderError(
      timedOut
        ? `CryptoCloud did not answer within ${TIMEOUT_MS / 1000} s`
        : "CryptoCloud could not be reached",
    );
  }
  const text = await response.text().catch(() => "");
  const parsed = envelope.safeParse(safeJson(text));
  if (!response.ok || !parsed.success || parsed.data.status !== "success") {
    // The reason CryptoCloud gives is about our request (a field it rejected), never a secret.
    const reason = parsed.success ? describe(parsed.data.result) : "an unreadable reply";
    throw new ProviderError(`CryptoCloud refused ${path} (HTTP ${response.status}): ${reason}`);
  }
  const data = result.safeParse(parsed.data.result);
  if (!data.success) throw new ProviderError(`CryptoCloud answered ${path} in an unexpected shape`);
  return data.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describe(result: unknown): string {
  const text = typeof result === "string" ? result : JSON.stringify(result ?? "no reason");
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** "INV-ABC123", "inv-abc123" and "ABC123" are the same invoice; we store "INV-ABC123". */
export function normalizeInvoiceId(id: string): string {
  return `INV-${id.trim().replace(/^INV-/i, "").toUpperCase()}`;
}

import Stripe from "stripe";
import { env } from "@/lib/env";
import { ProviderError } from "@/lib/billing/providers/types";
import { logger } from "@/lib/log";

// The official SDK, pointed at STRIPE_API_BASE when it is set (the emulator under sandbox/stripe,
// in development and tests) through its host/port/protocol options; otherwise at api.stripe.com.

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  apiBase: string | undefined;
}

/** The configuration, or null when Stripe is not set up (card checkout is then off). */
export function stripeConfig(): StripeConfig | null {
  const e = env();
  if (!e.STRIPE_SECRET_KEY || !e.STRIPE_WEBHOOK_SECRET) return null;
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    apiBase: e.STRIPE_API_BASE,
  };
}

const clients = new Map<string, Stripe>();

/** One SDK instance per configuration (it keeps connections alive between calls). */
export function stripeClient(config: StripeConfig): Stripe {
  const key = `${config.secretKey}\n${config.apiBase ?? ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new Stripe(config.secretKey, {
      ...hostOptions(config.apiBase),
      // The SDK retries connection errors and 5xx with the same Idempotency-Key, so a retried
      // create returns the first session instead of opening a second one.
      maxNetworkRetries: 2,
      timeout: 10_000,
      appInfo: { name: "billing-dashboard" },
    });
    clients.set(key, client);
  }
  return client;
}

function hostOptions(apiBase: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}

/**
 * Turns an SDK failure into a message that is safe to store and show to the buyer: the status and
 * Stripe's error code, never Stripe's own text, which can describe our configuration (an invalid
 * key is quoted with its last four characters). The full message goes to the server log.
 */
export function stripeFailure(action: string, error: unknown): ProviderError {
  if (error instanceof Stripe.errors.StripeConnectionError) {
    return new ProviderError(`Stripe could not be reached to ${action}`);
  }
  if (error instanceof Stripe.errors.StripeError) {
    // Stripe's message, not the error object: its `raw` and `headers` are the whole exchange.
    logger("stripe").warn(
      { action, status: error.statusCode, type: error.type, code: error.code, detail: error.message },
      "stripe: request refused",
    );
    const code = error.code ? `, ${error.code}` : "";
    return new ProviderError(`Stripe refused to ${action} (HTTP ${error.statusCode ?? "?"}${code})`);
  }
  return new ProviderError(`Stripe failed to ${action}`);
}

import { startProductCheckout } from "@/lib/billing/products/checkout";
import { db } from "@/lib/db";
import { startStripeEmulator, type StripeEmulator } from "@/sandbox/stripe/emulator";
import { customerWithCheckout, withEmulator } from "./helpers";
import { deliverAndApply } from "./webhook-queue";

// A Stripe emulator on 127.0.0.1 for one test file, and the app configured to use it: the real
// adapter (the official SDK) over real HTTP. Events are built and signed by the emulator and
// delivered by the tests to the route handler, as Stripe would POST them.

export const STRIPE_SECRET_KEY = "sk_test_integration_key_0123456789";
export const STRIPE_WEBHOOK_SECRET = "whsec_integration_secret_0123456789";

export function withStripeEmulator(): { emulator: () => StripeEmulator } {
  return withEmulator(
    () => startStripeEmulator({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET }),
    (emulator) => ({
      STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET,
      STRIPE_API_BASE: emulator.url,
      APP_URL: "http://127.0.0.1:3999",
    }),
  );
}

/** A customer who has started paying for a plan by card and holds an open Checkout Session. */
export async function customerWithSession(options: { plan?: string; months?: 1 | 12 } = {}) {
  const { providerRef, ...rest } = await customerWithCheckout("stripe", { ...options, label: "card" });
  return { ...rest, sessionId: providerRef };
}

let chat = 5_000_000;
/** A course bought from a Telegram bot link (no account), with an open Checkout Session. */
export async function botBuyerWithSession() {
  const chatId = String(++chat);
  const result = await startProductCheckout({
    productSlug: "telegram-course",
    buyer: { kind: "telegram", chatId },
  });
  if (result.kind !== "redirect")
    throw new Error(`checkout did not open a session: ${JSON.stringify(result)}`);
  const payment = await db.payment.findUniqueOrThrow({ where: { orderId: result.orderId } });
  return { chatId, payment, sessionId: payment.providerRef! };
}

/** POSTs a Stripe event to the webhook route as Stripe does, and lets the worker apply it. */
export async function deliverEvent(event: { body: string; signatureHeader?: string }) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (event.signatureHeader !== undefined) headers["stripe-signature"] = event.signatureHeader;
  return deliverAndApply(
    new Request("http://127.0.0.1/api/webhook/payment", { method: "POST", headers, body: event.body }),
  );
}

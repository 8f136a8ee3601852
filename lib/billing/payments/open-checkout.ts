import { createPendingPayment, failPayment } from "@/lib/billing/payments/create";
import {
  ProviderError,
  type CreatePaymentRequest,
  type PaymentProvider,
} from "@/lib/billing/providers/types";
import { db } from "@/lib/db";

// Opening a provider checkout for one purchase, shared by plans and products. The Payment row
// exists before the provider is called, so every attempt is on record, and a provider failure
// leaves a `failed` payment with its reason instead of a half-written one.

/** How long a buyer has to pay. */
export const INVOICE_TTL_MINUTES = 60;
/**
 * A payment without a provider reference younger than this is an invoice still being created.
 * Longer than the slowest provider call can take (Stripe's SDK: 3 tries of 10 s plus backoff),
 * so a second click while the first is still waiting never opens a second checkout.
 */
const IN_FLIGHT_SECONDS = 60;

/** A provider's hosted payment page: only an http(s) URL is ever a redirect target. */
export type PaymentPageUrl = `https://${string}` | `http://${string}`;

export type OpenCheckoutResult =
  | { kind: "redirect"; url: PaymentPageUrl; orderId: string }
  | { kind: "failed"; orderId: string; reason: string }
  | { kind: "unavailable"; reason: string };

export type Purchase = Parameters<typeof createPendingPayment>[1];

export async function openCheckout(
  input: {
    provider: PaymentProvider;
    /** Who is buying what: one checkout at a time per key. */
    lockKey: string;
    purchase: Purchase;
    /** What the provider is told, given our order id. */
    request: (
      orderId: string,
    ) => Omit<CreatePaymentRequest, "orderId" | "amount" | "currency" | "expiresInMinutes">;
  },
  now = new Date(),
): Promise<OpenCheckoutResult> {
  const { provider, purchase } = input;
  // A double click, a second tab or the back button must find the checkout the first one opened
  // (or is opening), not open another.
  const claim = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`checkout:${input.lockKey}`}))`;
    const open = await tx.payment.findFirst({
      where: {
        ...purchase,
        status: "pending",
        OR: [
          { paymentUrl: { not: null }, expiresAt: { gt: new Date(now.getTime() + 5 * 60_000) } },
          { providerRef: null, createdAt: { gt: new Date(now.getTime() - IN_FLIGHT_SECONDS * 1000) } },
        ],
      },
      orderBy: { createdAt: "desc" },
    });
    return open ? { existing: open } : { created: await createPendingPayment(tx, purchase) };
  });
  if (claim.existing) {
    const url = paymentPageUrl(claim.existing.paymentUrl);
    return url
      ? { kind: "redirect", url, orderId: claim.existing.orderId }
      : { kind: "unavailable", reason: "Your checkout is being opened. Try again in a moment." };
  }

  const payment = claim.created;
  try {
    const created = await provider.createPayment({
      ...input.request(payment.orderId),
      orderId: payment.orderId,
      amount: purchase.amount,
      currency: purchase.currency,
      expiresInMinutes: INVOICE_TTL_MINUTES,
    });
    await db.payment.update({
      where: { id: payment.id },
      data: {
        providerRef: created.providerRef,
        paymentUrl: created.paymentUrl,
        expiresAt: created.expiresAt,
      },
    });
    const url = paymentPageUrl(created.paymentUrl);
    if (!url) throw new ProviderError("The provider answered with a payment page that is not a web address");
    return { kind: "redirect", url, orderId: payment.orderId };
  } catch (error) {
    const reason =
      error instanceof ProviderError ? error.message : "The payment provider could not be reached.";
    if (!(error instanceof ProviderError)) console.error("checkout failed", payment.orderId, error);
    await failPayment(payment.id, reason, "system");
    return { kind: "failed", orderId: payment.orderId, reason };
  }
}

function paymentPageUrl(url: string | null): PaymentPageUrl | null {
  return url && /^https?:\/\//i.test(url) ? (url as PaymentPageUrl) : null;
}

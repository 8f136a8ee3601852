import { createPendingPayment, failPayment } from "@/lib/billing/payments/create";
import {
  closeEarlierCheckouts,
  findCheckoutInFlight,
  findOpenCheckouts,
  type BlockedByEarlier,
  type EarlierCheckout,
  type ExclusiveScope,
} from "@/lib/billing/payments/replace-checkout";
import {
  ProviderError,
  type CreatePaymentRequest,
  type PaymentProvider,
} from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import { elapsed, logger } from "@/lib/log";
import { countCheckout } from "@/lib/metrics/record";

// Opening a provider checkout for one purchase, shared by plans and products. The Payment row
// exists before the provider is called, so every attempt is on record, and a provider failure
// leaves a `failed` payment with its reason instead of a half-written one.

/** How long a buyer has to pay. */
export const INVOICE_TTL_MINUTES = 60;
/**
 * A payment without a provider reference younger than this is an invoice still being created.
 * Longer than the slowest provider call can take (Stripe's SDK: 3 tries of 10 s plus backoff),
 * plus closing the checkouts it replaces (REPLACE_BUDGET_MS), so a second click while the first
 * is still waiting never opens a second checkout.
 */
const IN_FLIGHT_SECONDS = 60;

/** A provider's hosted payment page: only an http(s) URL is ever a redirect target. */
export type PaymentPageUrl = `https://${string}` | `http://${string}`;

/**
 * Why no checkout was opened, as a code and its values: the page that asked says it in the
 * reader's words (components/billing/checkout-refusal.ts). One vocabulary for every purchase.
 */
export type CheckoutRefusal =
  /** Another checkout of the buyer is being opened right now: try again in a moment. */
  | { reason: "checkout_in_flight" }
  /** An earlier checkout this one replaces was paid meanwhile, or could not be closed. */
  | BlockedByEarlier
  /** The plan or product is not on sale. */
  | { reason: "not_on_sale"; purpose: "subscription" | "product" }
  /** Free is never bought: moving to it is a cancellation. */
  | { reason: "free_not_bought" }
  /** The payment method asked for (or the only one this purchase uses) is not configured. */
  | { reason: "method_unavailable"; purpose: "subscription" | "product" | "topup" }
  /** No price in the provider's currency. */
  | { reason: "no_price"; item: string; currency: string }
  /** A top-up amount outside the bounds (checked again here; the form checks it first). */
  | { reason: "amount_invalid" };

export type CheckoutUnavailable = { kind: "unavailable" } & CheckoutRefusal;

export type OpenCheckoutResult =
  | { kind: "redirect"; url: PaymentPageUrl; orderId: string }
  /** `reason`: the provider's words (or ours), kept on the payment as its failure reason. */
  | { kind: "failed"; orderId: string; reason: string }
  | CheckoutUnavailable;

export type Purchase = Parameters<typeof createPendingPayment>[1];

export async function openCheckout(
  input: {
    provider: PaymentProvider;
    /** Who is buying what: one checkout at a time per key. */
    lockKey: string;
    purchase: Purchase;
    /**
     * Set when the buyer may hold only one open checkout of this scope (plans): opening one for
     * another purchase first closes the earlier ones at their providers (replace-checkout.ts).
     * The lock key must cover the whole scope.
     */
    exclusive?: ExclusiveScope;
    /** What the provider is told, given our order id. */
    request: (
      orderId: string,
    ) => Omit<CreatePaymentRequest, "orderId" | "amount" | "currency" | "expiresInMinutes">;
  },
  now = new Date(),
): Promise<OpenCheckoutResult> {
  const { provider, purchase } = input;
  const started = performance.now();
  // A double click, a second tab or the back button must find the checkout the first one opened
  // (or is opening), not open another.
  const claim = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`checkout:${input.lockKey}`}))`;
    const inFlightSince = new Date(now.getTime() - IN_FLIGHT_SECONDS * 1000);
    // Another checkout of the scope being opened (and closing what it replaces) is the only one
    // that may: this one would reopen, or close, what that one is deciding about.
    if (input.exclusive && (await findCheckoutInFlight(tx, input.exclusive, inFlightSince))) {
      return { kind: "in-flight" as const };
    }
    const open = await tx.payment.findFirst({
      where: {
        ...purchase,
        status: "pending",
        OR: [
          { paymentUrl: { not: null }, expiresAt: { gt: new Date(now.getTime() + 5 * 60_000) } },
          { providerRef: null, createdAt: { gt: inFlightSince } },
        ],
      },
      orderBy: { createdAt: "desc" },
    });
    if (open) return { kind: "existing" as const, payment: open };
    // Listed in the claim's transaction: the new payment, in flight from its commit, keeps any
    // other checkout of the scope away from them until they are closed.
    const earlier: EarlierCheckout[] = input.exclusive
      ? await findOpenCheckouts(tx, input.exclusive, now)
      : [];
    return { kind: "created" as const, payment: await createPendingPayment(tx, purchase), earlier };
  });
  if (claim.kind === "in-flight") {
    checkoutLog.info({ provider: provider.name, outcome: "in_flight", ms: elapsed(started) }, "checkout");
    return { kind: "unavailable", reason: "checkout_in_flight" };
  }
  if (claim.kind === "existing") {
    const url = paymentPageUrl(claim.payment.paymentUrl);
    checkoutLog.info(
      {
        provider: provider.name,
        paymentId: claim.payment.id,
        orderId: claim.payment.orderId,
        outcome: "reused",
        ms: elapsed(started),
      },
      "checkout",
    );
    return url
      ? { kind: "redirect", url, orderId: claim.payment.orderId }
      : { kind: "unavailable", reason: "checkout_in_flight" };
  }

  const { payment, earlier } = claim;
  if (input.exclusive && earlier.length > 0) {
    const closed = await closeEarlierCheckouts(earlier, payment, input.exclusive, now).catch(
      async (error: unknown) => {
        await failPayment(payment.id, "The earlier checkout could not be closed.", "system");
        throw error;
      },
    );
    if (closed.kind === "blocked") {
      // Never opened at a provider: on record as failed, with why (the record is in English, like
      // the provider's own failure reasons); the customer is told in their words.
      await failPayment(payment.id, `Not opened: ${blockedRecord(closed.refusal)}`, "system");
      checkoutLog.info(
        {
          provider: provider.name,
          paymentId: payment.id,
          outcome: "blocked",
          reason: closed.refusal.reason,
          ms: elapsed(started),
        },
        "checkout",
      );
      return { kind: "unavailable", ...closed.refusal };
    }
  }
  // A checkout's log lines never carry its URL, whose query can carry a token.
  const line = { provider: provider.name, paymentId: payment.id, orderId: payment.orderId };
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
    countCheckout(provider.name, "opened");
    checkoutLog.info({ ...line, outcome: "opened", ms: elapsed(started) }, "checkout");
    return { kind: "redirect", url, orderId: payment.orderId };
  } catch (error) {
    const reason =
      error instanceof ProviderError ? error.message : "The payment provider could not be reached.";
    checkoutLog.warn(
      {
        ...line,
        outcome: "failed",
        ms: elapsed(started),
        ...(error instanceof ProviderError ? { reason } : { err: error }),
      },
      "checkout",
    );
    await failPayment(payment.id, reason, "system");
    countCheckout(provider.name, "failed");
    return { kind: "failed", orderId: payment.orderId, reason };
  }
}

const checkoutLog = logger("checkout");

/** Why a replacing checkout was not opened, for the payment's record. */
function blockedRecord(refusal: BlockedByEarlier): string {
  return refusal.reason === "earlier_checkout_paid"
    ? `the earlier payment${refusal.item ? ` for ${refusal.item}` : ""} had just been paid`
    : `the earlier checkout at ${refusal.provider} could not be closed`;
}

function paymentPageUrl(url: string | null): PaymentPageUrl | null {
  return url && /^https?:\/\//i.test(url) ? (url as PaymentPageUrl) : null;
}

import { applyProviderReport } from "@/lib/billing/payments/apply";
import { PAGE_CHECK_BUDGET_MS, reconcilePayment } from "@/lib/billing/payments/reconcile";
import { getProvider } from "@/lib/billing/providers/registry";
import { ProviderError, type ProviderName } from "@/lib/billing/providers/types";
import { db, type Tx } from "@/lib/db";
import type { PaymentPurpose } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

// One open plan checkout per customer: a customer who starts another plan while an earlier plan
// checkout is still payable must not be able to pay both. openCheckout() claims the new payment
// under its advisory lock and, in the same transaction, lists the earlier checkouts it replaces;
// the new payment, still without a provider reference, is what any concurrent checkout of the
// customer finds "in flight" and backs off from, so only one caller ever closes them. The
// providers are called after that transaction, and only a provider's word that a checkout is
// closed makes it `canceled` here (through the apply path): if the customer paid it meanwhile,
// or the provider cannot be asked, the new checkout is not opened at all.

/**
 * How long closing the earlier checkouts may take, all together. With the slowest create after it
 * (Stripe's SDK: 3 tries of 10 s plus backoff) it stays inside openCheckout's in-flight window,
 * so the claim holds until the new checkout has its provider reference.
 */
export const REPLACE_BUDGET_MS = 15_000;

/** The payments of which a customer may hold only one open checkout. */
export interface ExclusiveScope {
  userId: string;
  purpose: PaymentPurpose;
  /** For the timeline: "replaced by ord_… (another plan checkout)". */
  noun: string;
}

/** Why the earlier checkouts stand in the way of a new one, as a code and its values. */
export type BlockedByEarlier =
  /** One was paid meanwhile: `item` names what it bought (a plan or product), when known. */
  | { reason: "earlier_checkout_paid"; item: string | null }
  /** Its provider could not be asked to close it. */
  | { reason: "earlier_checkout_unreachable"; provider: ProviderName };

export type CloseOutcome = { kind: "closed" } | { kind: "blocked"; refusal: BlockedByEarlier };

/** A payment of the scope still being opened at its provider (created after `since`, no reference yet). */
export function findCheckoutInFlight(tx: Tx, scope: ExclusiveScope, since: Date) {
  return tx.payment.findFirst({
    where: {
      userId: scope.userId,
      purpose: scope.purpose,
      status: "pending",
      providerRef: null,
      createdAt: { gt: since },
    },
    select: { id: true },
  });
}

/** The scope's checkouts a customer can still pay: what a new one replaces. */
export function findOpenCheckouts(tx: Tx, scope: ExclusiveScope, now: Date) {
  return tx.payment.findMany({
    where: {
      userId: scope.userId,
      purpose: scope.purpose,
      status: "pending",
      providerRef: { not: null },
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
    },
    select: {
      id: true,
      orderId: true,
      provider: true,
      providerRef: true,
      currency: true,
      plan: { select: { name: true } },
      product: { select: { name: true } },
    },
  });
}

export type EarlierCheckout = Awaited<ReturnType<typeof findOpenCheckouts>>[number];

/** Closes the earlier checkouts at their providers before `replacement` is opened. */
export async function closeEarlierCheckouts(
  earlier: readonly EarlierCheckout[],
  replacement: { orderId: string },
  scope: ExclusiveScope,
  now: Date,
): Promise<CloseOutcome> {
  const deadline = Date.now() + REPLACE_BUDGET_MS;
  const results = await Promise.all(
    earlier.map((payment) =>
      closeOne(payment, `replaced by ${replacement.orderId} (another ${scope.noun})`, deadline, now),
    ),
  );
  const paid = earlier.find((_, index) => results[index] === "settled");
  if (paid) {
    return {
      kind: "blocked",
      refusal: { reason: "earlier_checkout_paid", item: paid.plan?.name ?? paid.product?.name ?? null },
    };
  }
  const unreachable = earlier.find((_, index) => results[index] === "unreachable");
  if (unreachable) {
    return {
      kind: "blocked",
      refusal: { reason: "earlier_checkout_unreachable", provider: unreachable.provider },
    };
  }
  return { kind: "closed" };
}

async function closeOne(
  payment: EarlierCheckout,
  note: string,
  deadline: number,
  now: Date,
): Promise<"closed" | "kept" | "settled" | "unreachable"> {
  const provider = getProvider(payment.provider);
  // A provider without a cancel call (or no longer configured) cannot close it: it runs out at its
  // expiry, and should it be paid, the subscription rules give that payment its time too.
  if (!provider?.cancelPayment) return "kept";
  const providerRef = payment.providerRef!;
  let answer: "canceled" | "already_settled";
  try {
    answer = await withDeadline(provider.cancelPayment(providerRef), deadline, provider.name);
  } catch (error) {
    logger("checkout").warn(
      { paymentId: payment.id, orderId: payment.orderId, err: error },
      "closing an earlier checkout failed",
    );
    return "unreachable";
  }
  if (answer === "already_settled") {
    // Its webhook is on its way (and CryptoCloud's may never come): learn it now, within a page's
    // budget; the sweep asks again if this does not get an answer.
    await reconcilePayment(payment.id, { budgetMs: PAGE_CHECK_BUDGET_MS }).catch((error: unknown) =>
      logger("reconcile").warn({ paymentId: payment.id, err: error }, "reconcile failed"),
    );
    return "settled";
  }
  const applied = await applyProviderReport(
    {
      provider: payment.provider,
      providerRef,
      status: "canceled",
      providerStatus: `closed, ${note}`,
      currency: payment.currency,
      amountReceived: null,
    },
    { source: "system", now },
  );
  if (applied.outcome !== "applied") {
    // Its own expiry notice got there first (canceled cannot follow expired): the timeline still
    // says why it was closed.
    const { status } = await db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      select: { status: true },
    });
    await db.paymentEvent.create({
      data: {
        paymentId: payment.id,
        fromStatus: status,
        toStatus: status,
        source: "system",
        note: `${note}; ${applied.detail}`,
      },
    });
  }
  return "closed";
}

/** The call's answer, or a ProviderError at the deadline (the call is abandoned, not awaited). */
async function withDeadline<T>(call: Promise<T>, deadline: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError(`${name} did not answer within ${REPLACE_BUDGET_MS / 1000} s`)),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    // The adapter's own timeout ends the abandoned call; race() has handled its rejection.
    return await Promise.race([call, late]);
  } finally {
    clearTimeout(timer);
  }
}

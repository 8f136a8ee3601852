import { done, refused } from "@/lib/billing/admin/outcome";
import { applyProviderReport, type ApplyOutcome } from "@/lib/billing/payments/apply";
import {
  adminNote,
  settleAsAdmin,
  type Admin,
  type AdminActionResult,
} from "@/lib/billing/payments/admin-action";
import { getProvider } from "@/lib/billing/providers/registry";
import { ProviderError, type ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";

// Providers' notifications can be late or lost, and CryptoCloud notifies only after a payment:
// an expiry, for one, is only learned by asking. reconcilePayment() asks the provider and applies
// the answer through the same path as a webhook. It is the one way we ask: the sweeps
// (lib/jobs/sweeps.ts) and a payment page's bounded check both go through it. At most one check
// per payment per interval, claimed with a conditional update on checkedAt, however many pages or
// workers ask at once. Page renders never call it: they read the database only.

const MIN_INTERVAL_SECONDS = 5;
/** After its expiry, an invoice the provider still calls pending is given this long to settle. */
export const EXPIRY_GRACE_MS = 5 * 60_000;
/**
 * A pending invoice whose provider cannot be asked (down, too slow, no longer configured) is
 * expired without its word this long after its expiry, so an outage cannot keep it open forever.
 * Safe because money that arrives later still completes it (expired → completed is allowed).
 */
export const EXPIRE_UNANSWERED_AFTER_MS = 60 * 60_000;
/** How long a customer's page waits for the provider in its check (a server action). */
export const PAGE_CHECK_BUDGET_MS = 3_000;

export interface ReconcileOptions {
  now?: Date;
  /** Gives up on the provider after this long (a ProviderError); unset: the adapter's own timeout. */
  budgetMs?: number;
  /** Past EXPIRE_UNANSWERED_AFTER_MS after its expiry, expire an invoice the provider did not answer for. */
  expireUnanswered?: boolean;
}

/**
 * For a customer's page, from its check action, never from its render: ask the provider when the
 * payment is still open and nothing has moved it for `lateAfterSeconds` (its notification is
 * late), waiting at most PAGE_CHECK_BUDGET_MS. Never throws: when the provider is down or slow,
 * the page shows what we know and asks again on its next tick. True when the payment moved.
 */
export async function reconcileIfLate(
  payment: { id: string; status: string; updatedAt: Date },
  lateAfterSeconds: number,
  now = new Date(),
): Promise<boolean> {
  const open = payment.status === "pending" || payment.status === "partially_paid";
  if (!open || now.getTime() - payment.updatedAt.getTime() < lateAfterSeconds * 1000) return false;
  const result = await reconcilePayment(payment.id, { now, budgetMs: PAGE_CHECK_BUDGET_MS }).catch(
    (error: unknown) => {
      logger("reconcile").warn({ paymentId: payment.id, err: error }, "reconcile failed");
      return null;
    },
  );
  return result?.outcome === "applied";
}

/**
 * Asks the provider about one open payment and applies the answer. Null when the check was not
 * claimed (asked within the interval, or no longer open) or there is no provider to ask. Throws a
 * ProviderError when the provider fails or exceeds the budget (unless that expires the invoice).
 */
export async function reconcilePayment(
  paymentId: string,
  options: ReconcileOptions = {},
): Promise<ApplyOutcome | null> {
  const now = options.now ?? new Date();
  // Raw, so updatedAt keeps meaning "last change": the sweep waits RECONCILE_AFTER from it.
  const claimed = await db.$executeRaw`
    UPDATE "Payment" SET "checkedAt" = ${now}
    WHERE id = ${paymentId}
      AND status IN ('pending', 'partially_paid')
      AND "providerRef" IS NOT NULL
      AND ("checkedAt" IS NULL OR "checkedAt" < ${new Date(now.getTime() - MIN_INTERVAL_SECONDS * 1000)})`;
  if (claimed === 0) return null;

  const payment = await db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  const providerRef = payment.providerRef!;
  const expiredLongAgo =
    payment.status === "pending" &&
    payment.expiresAt !== null &&
    now.getTime() > payment.expiresAt.getTime() + EXPIRE_UNANSWERED_AFTER_MS;
  const expireUnanswered = (why: string) =>
    applyProviderReport(
      {
        provider: payment.provider,
        providerRef,
        status: "expired",
        providerStatus: `${why} past expiry`,
        currency: payment.currency,
        amountReceived: null,
      },
      { source: "reconcile", now },
    );

  const provider = getProvider(payment.provider);
  if (!provider) {
    return options.expireUnanswered && expiredLongAgo
      ? expireUnanswered(`${payment.provider} not configured`)
      : null;
  }
  let report: ProviderReport | null;
  try {
    report = await withBudget(provider.fetchStatus(providerRef), options.budgetMs, provider.name);
  } catch (error) {
    if (options.expireUnanswered && expiredLongAgo)
      return expireUnanswered(`no answer from ${provider.name}`);
    throw error;
  }
  if (report && report.status !== "pending") return applyProviderReport(report, { source: "reconcile", now });

  const overdue = payment.expiresAt && now.getTime() > payment.expiresAt.getTime() + EXPIRY_GRACE_MS;
  if (!overdue) return null;
  return expireUnanswered(report ? report.providerStatus : `unknown to ${provider.name}`);
}

/** The provider's answer, or a ProviderError once `budgetMs` has passed (the call is abandoned). */
async function withBudget<T>(call: Promise<T>, budgetMs: number | undefined, name: string): Promise<T> {
  if (budgetMs === undefined) return call;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ProviderError(`${name} did not answer within ${budgetMs / 1000} s`)),
      budgetMs,
    );
  });
  try {
    // The adapter's own timeout ends the abandoned call; race() has handled its rejection.
    return await Promise.race([call, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks the provider for the payment's state now and applies the answer. */
export async function reconcileNow(paymentId: string, admin: Admin): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return refused("payment_not_found");
  const provider = getProvider(payment.provider);
  if (!provider || !payment.providerRef) return refused("no_provider");
  let report: ProviderReport | null;
  try {
    report = await provider.fetchStatus(payment.providerRef);
  } catch (error) {
    return error instanceof ProviderError
      ? refused("provider_error", { detail: error.message })
      : refused("provider_unreachable");
  }
  if (!report) {
    await adminNote(
      paymentId,
      payment.status,
      admin,
      `reconcile: ${payment.provider} does not know ${payment.providerRef}`,
    );
    return done("unknown_to_provider", { provider: { provider: payment.provider } });
  }
  await db.$executeRaw`UPDATE "Payment" SET "checkedAt" = ${new Date()} WHERE id = ${paymentId}`;
  const providerStatus = report.providerStatus;
  return settleAsAdmin(report, admin, (status) => done("reconciled", { providerStatus, status: { status } }));
}

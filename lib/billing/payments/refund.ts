import { done, money, refused } from "@/lib/billing/admin/outcome";
import { unchanged, type Admin, type AdminActionResult } from "@/lib/billing/payments/admin-action";
import { applyProviderReport } from "@/lib/billing/payments/apply";
import { NOT_APPLIED } from "@/lib/billing/payments/effects";
import { fromDecimal } from "@/lib/billing/money";
import { formatMoney } from "@/lib/billing/pricing";
import { getProvider } from "@/lib/billing/providers/registry";
import { ProviderError, type RefundResult } from "@/lib/billing/providers/types";
import { lockSettled, save } from "@/lib/billing/subscriptions/periods";
import { removeRefundedTime } from "@/lib/billing/subscriptions/rules";
import { applyLedgerChange, balanceOf } from "@/lib/billing/wallet/ledger";
import { db, type Tx } from "@/lib/db";
import type { PaymentEventSource, PaymentPurpose, PaymentStatus } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log";

// An admin's refund, whole or partial: through the provider's API where it has one (Stripe), else
// recorded as a manual refund the admin made themselves (CryptoCloud has no refund API). For a
// plan payment the admin chooses whether the refund also ends the time it bought (the paid time
// shrinks by the refunded value, back to free when nothing is left) or the customer keeps access.
// A refund of all that is left moves the payment to `refunded` through the one apply path; a
// partial one adds to Payment.amountRefunded under the row lock and leaves it completed.
// The answer is a code and values (lib/billing/admin/outcome.ts) the console words; the notes left
// on the payment's timeline are records, written in English like the rest of its log.

const REFUNDABLE: readonly PaymentStatus[] = ["completed", "partially_paid"];

/** The language of the notes this module leaves on a payment's timeline: a log, in English. */
const RECORD_LOCALE = "en";

export interface RefundChoice {
  /** In the payment's currency, as the admin wrote it ("12.90"); all that is left when omitted. */
  amount?: string;
  /** End the time the payment bought (plan payments); otherwise the customer keeps access. */
  endTime: boolean;
}

/** Who asks for a refund: an admin, or the system (a payment that could not be applied). */
export interface Refunder {
  source: Extract<PaymentEventSource, "admin" | "system">;
  actorId: string | null;
}

export function refundPayment(
  paymentId: string,
  admin: Admin,
  choice: RefundChoice = { endTime: false },
  now = new Date(),
): Promise<AdminActionResult> {
  return refund(paymentId, { source: "admin", actorId: admin.id }, choice, now);
}

export async function refund(
  paymentId: string,
  by: Refunder,
  choice: RefundChoice,
  now = new Date(),
): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return refused("payment_not_found");
  const { currency } = payment;
  if (!REFUNDABLE.includes(payment.status)) {
    return refused("refund_not_refundable", { status: { status: payment.status } });
  }
  const left = (payment.amountReceived ?? payment.amount) - payment.amountRefunded;
  if (left <= 0) return refused("refund_nothing_left");
  const amount = choice.amount ? fromDecimal(choice.amount, currency) : left;
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > left) {
    return refused("refund_out_of_range", { min: money(1, currency), max: money(left, currency) });
  }
  if (payment.purpose === "topup" && payment.userId) {
    // A wallet never goes below zero: what the customer has spent of a top-up is not refunded.
    const balance = await balanceOf(payment.userId, currency);
    if (amount > balance) {
      return refused("refund_exceeds_balance", { refundable: money(Math.min(balance, left), currency) });
    }
  }
  const endTime = choice.endTime && payment.purpose === "subscription";
  if (amount === left) {
    // Written before the provider is asked: its webhook may apply the refund before we do.
    await db.payment.update({ where: { id: paymentId }, data: { refundEndsTime: endTime } });
  }

  const provider = getProvider(payment.provider);
  let result: RefundResult;
  if (provider?.refund && payment.providerRef) {
    try {
      result = await provider.refund({
        providerRef: payment.providerRef,
        orderId: payment.orderId,
        currency: payment.currency,
        amount,
        alreadyRefunded: payment.amountRefunded,
      });
    } catch (error) {
      const known = error instanceof ProviderError;
      logger("refund").warn(
        {
          paymentId: payment.id,
          orderId: payment.orderId,
          ...(known ? { reason: error.message } : { err: error }),
        },
        "refund failed",
      );
      const why = known ? error.message : "The provider could not be reached.";
      await markRefundFailed(payment, by, `refund of ${record(amount)} failed: ${why}`);
      return known ? refused("provider_error", { detail: error.message }) : refused("provider_unreachable");
    }
  } else {
    result = { state: "succeeded", providerStatus: "manual refund recorded by an admin" };
  }
  if (result.state === "pending") {
    await note(
      paymentId,
      payment.status,
      by,
      `refund of ${record(amount)} requested: ${result.providerStatus}`,
    );
    return done("refund_pending", { providerStatus: result.providerStatus });
  }

  if (amount === left) {
    const applied = await applyProviderReport(
      {
        provider: payment.provider,
        providerRef: payment.providerRef,
        orderId: payment.orderId,
        status: "refunded",
        providerStatus: result.providerStatus,
        currency: payment.currency,
        amountReceived: null,
      },
      { source: by.source, actorId: by.actorId ?? undefined, now },
    );
    if (applied.outcome === "applied") return done("refunded", { amount: money(amount, currency) });
    await note(paymentId, payment.status, by, `${result.providerStatus}; ${applied.detail}`);
    const status = await db.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { status: true } });
    return unchanged(applied, status.status);
  }
  return recordPartialRefund(payment, amount, endTime, by, result.providerStatus, now);

  function record(minor: number) {
    return formatMoney(minor, currency, RECORD_LOCALE);
  }
}

/**
 * Part of the payment went back: the amount is added under the payment's row lock (only if
 * nobody recorded a refund meanwhile: the provider's idempotency key made theirs the same one),
 * with its event and, when the admin chose it, the paid time shortened by that value. The
 * subscription is locked before the payment, as on the apply path.
 */
async function recordPartialRefund(
  payment: {
    id: string;
    userId: string | null;
    purpose: PaymentPurpose;
    status: PaymentStatus;
    amountRefunded: number;
    amount: number;
    currency: string;
  },
  amount: number,
  endTime: boolean,
  by: Refunder,
  providerStatus: string,
  now: Date,
): Promise<AdminActionResult> {
  const { currency } = payment;
  const refunded = formatMoney(amount, currency, RECORD_LOCALE);
  const answer = { amount: money(amount, currency) };
  return db
    .$transaction(async (tx) => {
      // Locks in the apply path's order: the subscription or the wallet first, then the payment.
      const subscription = endTime && payment.userId ? await lockSettled(tx, payment.userId, now) : null;
      const debit =
        payment.purpose === "topup" && payment.userId ? await debitTopUp(tx, payment, amount) : null;
      const updated = await tx.payment.updateMany({
        where: { id: payment.id, status: payment.status, amountRefunded: payment.amountRefunded },
        data: {
          amountRefunded: { increment: amount },
          attentionReason: debit?.shortfall ? debit.note : null,
          attentionSince: debit?.shortfall ? now : null,
        },
      });
      if (updated.count === 0) {
        // The provider's notification of this very refund may have been applied first.
        const current = await tx.payment.findUniqueOrThrow({
          where: { id: payment.id },
          select: { amountRefunded: true },
        });
        if (current.amountRefunded >= payment.amountRefunded + amount)
          return done("refunded_by_provider", answer);
        throw new RefundRaceError();
      }
      let note = `partial refund of ${refunded} (${providerStatus})`;
      let outcome: AdminActionResult = done("refunded_partly", { ...answer, effect: "none" });
      if (debit) {
        note += `; ${debit.note}`;
        outcome = done("refunded_partly", {
          ...answer,
          effect: debit.shortfall ? "wallet_short" : "wallet_debited",
          debited: money(debit.debited, currency),
          shortfall: money(debit.shortfall, currency),
        });
      }
      if (subscription) {
        const removal = removeRefundedTime(
          subscription.state,
          { id: payment.id, amount, currency: payment.currency },
          subscription.plans,
          now,
        );
        await save(tx, subscription.id, removal.state, [removal.change], {
          actorId: by.actorId,
          paymentId: payment.id,
        });
        note += `; paid time shortened by ${formatMoney(removal.removed, currency, RECORD_LOCALE)}`;
        outcome = done("refunded_partly", {
          ...answer,
          effect: "time_shortened",
          removed: money(removal.removed, currency),
        });
      } else if (endTime === false) {
        note += "; access kept";
        if (payment.purpose === "subscription")
          outcome = done("refunded_partly", { ...answer, effect: "access_kept" });
      }
      await tx.paymentEvent.create({
        data: {
          paymentId: payment.id,
          fromStatus: payment.status,
          toStatus: payment.status,
          source: by.source,
          actorId: by.actorId,
          note,
        },
      });
      return outcome;
    })
    .catch((error: unknown): AdminActionResult => {
      if (!(error instanceof RefundRaceError)) throw error;
      return refused("refund_raced");
    });
}

/** Another refund was recorded between our read and our write: roll the debit back, say so. */
class RefundRaceError extends Error {
  override name = "RefundRaceError";
}

/**
 * A top-up's partial refund leaves the wallet: at most its balance (checked before the provider
 * was asked, but the customer may have spent since); a shortfall goes to the attention list.
 */
async function debitTopUp(
  tx: Tx,
  payment: { id: string; userId: string | null; currency: string; amountRefunded: number },
  amount: number,
) {
  const [wallet] = await tx.$queryRaw<{ balance: number }[]>`
    SELECT balance FROM "Wallet" WHERE "userId" = ${payment.userId} AND currency = ${payment.currency}
    FOR NO KEY UPDATE`;
  const debit = Math.min(amount, wallet?.balance ?? 0);
  if (debit > 0) {
    await applyLedgerChange(tx, {
      userId: payment.userId!,
      currency: payment.currency,
      kind: "topup_refund",
      amount: -debit,
      sourceKey: `refund:${payment.id}:${payment.amountRefunded}`,
      description: "Top-up refunded",
      paymentId: payment.id,
    });
  }
  const shortfall = amount - debit;
  const debited = `${formatMoney(debit, payment.currency, RECORD_LOCALE)} debited from the wallet`;
  return {
    debited: debit,
    shortfall,
    note: shortfall
      ? `top-up refund exceeds the balance by ${formatMoney(shortfall, payment.currency, RECORD_LOCALE)} (${debited})`
      : debited,
  };
}

/**
 * A refund the provider refused or never answered goes to the admin's attention list; a payment
 * that is there already as not applied keeps that reason first (it stays out of revenue).
 */
async function markRefundFailed(
  payment: { id: string; status: PaymentStatus; attentionReason: string | null },
  by: Refunder,
  reason: string,
) {
  const attention = payment.attentionReason?.startsWith(NOT_APPLIED)
    ? `${payment.attentionReason.split("; refund of")[0]}; ${reason}`
    : reason;
  await db.$transaction([
    db.payment.update({
      where: { id: payment.id },
      data: { attentionReason: attention, attentionSince: new Date(), refundEndsTime: false },
    }),
    event(payment.id, payment.status, by, reason),
  ]);
}

/** A timeline entry for a refund step that moved nothing (from = to). */
async function note(paymentId: string, status: PaymentStatus, by: Refunder, text: string) {
  await event(paymentId, status, by, text);
}

function event(paymentId: string, status: PaymentStatus, by: Refunder, text: string) {
  return db.paymentEvent.create({
    data: {
      paymentId,
      fromStatus: status,
      toStatus: status,
      source: by.source,
      actorId: by.actorId,
      note: text,
    },
  });
}

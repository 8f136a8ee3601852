import { formatMoney } from "@/lib/billing/pricing";
import type { ApplySnapshot, ApplyWrite } from "@/lib/billing/payments/apply-sql";
import { planBook } from "@/lib/billing/subscriptions/periods";
import { freeSubscription, purchase, removeRefundedTime, rollOver } from "@/lib/billing/subscriptions/rules";
import { env } from "@/lib/env";
import type { PaymentStatus } from "@/lib/generated/prisma/client";
import type { Locale } from "@/lib/i18n/locales";
import type { TelegramNotice } from "@/lib/notifications/render";

// What a payment's move to a new status causes — the subscription, the product, the customer's
// notification — decided from the apply path's locked snapshot, written by the same statement
// that moves the payment. Returns the writes and notes for the timeline.

/** The start of the attention reason of a payment that could not be applied (attention.ts). */
export const NOT_APPLIED = "not applied:";

/**
 * The timeline's notes and attention reasons are a stored record in English, read by admins;
 * their amounts are written the same way. (What the customer is told is not written here: a
 * notification stores values and is rendered in the customer's language when it is sent.)
 */
const RECORD_LOCALE: Locale = "en";
const recordMoney = (minor: number, currency: string) => formatMoney(minor, currency, RECORD_LOCALE);

export type Effects = Pick<
  ApplyWrite,
  "subscription" | "wallet" | "grant" | "revokeEntitlement" | "notification"
> & {
  /** The payment completed but cannot be applied as bought: why, for the admin's attention list. */
  attention: string | null;
  notes: string[];
};

export function decideEffects(
  snapshot: ApplySnapshot,
  to: PaymentStatus,
  failureReason: string | null,
  now: Date,
  /** Refunded by this move (a refund, or a partial refund at the provider), minor units. */
  refundedNow = 0,
): Effects {
  const { payment } = snapshot;
  const effects: Effects = {
    subscription: null,
    wallet: null,
    grant: null,
    revokeEntitlement: false,
    notification: null,
    attention: null,
    notes: [],
  };
  const notify = (notice: Exclude<TelegramNotice, { kind: "invite_link" }>) => {
    // A message to the account's linked Telegram chat, if it has one; once per payment and kind.
    // It stores the values it names; the sender words it in the customer's language.
    if (!payment.userId || !snapshot.userChatId) return;
    effects.notification = {
      ...notice,
      dedupeKey: `payment:${payment.id}:${notice.kind}`,
      chatId: snapshot.userChatId,
      userId: payment.userId,
    };
  };

  if (
    to === "completed" &&
    payment.purpose === "subscription" &&
    payment.userId &&
    payment.planId &&
    payment.months
  ) {
    const plans = planBook(snapshot.plans);
    const current = snapshot.subscription ?? { id: "", ...freeSubscription(plans.free, now) };
    const settled = rollOver(current, plans, now);
    const result = purchase(
      settled.state,
      plans.byId(payment.planId),
      payment.months,
      { id: payment.id, amount: payment.amount, currency: payment.currency },
      plans,
      now,
    );
    if (result.kind === "unapplicable") {
      // Never kept silently: it goes to the admin's attention list (and out of revenue), and is
      // refunded through its provider where the provider can (lib/billing/payments/attention.ts).
      effects.attention = `${NOT_APPLIED} ${result.reason}`;
      effects.notes.push(`${effects.attention}; needs attention: refund it or apply its value as time`);
      return effects;
    }
    const { state, change } = result;
    if (snapshot.subscription) {
      effects.subscription = { id: snapshot.subscription.id, state, changes: [...settled.changes, change] };
    }
    effects.notes.push(change.note);
    // A lower plan bought while a higher one runs starts when that one ends.
    const later =
      state.scheduledPlanId && state.currentPeriodEnd
        ? { planId: state.scheduledPlanId, on: state.currentPeriodEnd }
        : null;
    notify({
      kind: "plan_activated",
      params: {
        plan: plans.byId(later?.planId ?? state.planId).name,
        startsOn: later?.on.toISOString() ?? null,
        until: later ? null : (state.currentPeriodEnd?.toISOString() ?? null),
      },
    });
  }
  if (to === "completed" && payment.purpose === "product" && payment.productId && snapshot.product) {
    fulfil(snapshot, { ...payment, productId: payment.productId }, snapshot.product, effects);
  }
  if (to === "refunded") {
    if (payment.purpose === "product" && snapshot.entitled) {
      effects.revokeEntitlement = true;
      effects.notes.push("entitlement revoked");
    }
    // Whether a refund also ends the time it bought is the admin's decision, written on the payment
    // before the provider is asked (lib/billing/payments/refund.ts), so that it holds whichever
    // applies the refund first; a refund nobody here asked for (Stripe's dashboard) leaves the
    // time running, as refunding on Stripe never cancels a subscription by itself.
    if (
      payment.purpose === "subscription" &&
      payment.refundEndsTime &&
      snapshot.subscription &&
      payment.userId
    ) {
      const plans = planBook(snapshot.plans);
      const settled = rollOver(snapshot.subscription, plans, now);
      const removal = removeRefundedTime(
        settled.state,
        { id: payment.id, amount: refundedNow, currency: payment.currency },
        plans,
        now,
      );
      effects.subscription = {
        id: snapshot.subscription.id,
        state: removal.state,
        changes: [...settled.changes, removal.change],
      };
      effects.notes.push(
        `paid time shortened by ${recordMoney(removal.removed, payment.currency)}` +
          (removal.state.planId === plans.free.id ? `; back to ${plans.free.name}` : ""),
      );
    } else if (payment.purpose === "subscription") {
      effects.notes.push("subscription period unchanged");
    }
  }
  if (payment.purpose === "topup" && payment.userId) {
    if (to === "completed" && payment.status !== "completed") {
      // What we stored and the provider confirmed (a completion for less is never completed).
      effects.wallet = {
        userId: payment.userId,
        currency: payment.currency,
        amount: payment.amount,
        kind: "topup",
        sourceKey: `payment:${payment.id}`,
        description: "Top-up",
      };
      effects.notes.push(`${recordMoney(payment.amount, payment.currency)} credited to the wallet`);
      notify({
        kind: "topup_credited",
        params: {
          amount: payment.amount,
          balance: (snapshot.walletBalance ?? 0) + payment.amount,
          currency: payment.currency,
        },
      });
    }
    if (refundedNow > 0) refundTopUp(snapshot, { ...payment, userId: payment.userId }, refundedNow, effects);
  }
  if (to === "failed") {
    notify({
      kind: "payment_failed",
      params: {
        amount: payment.amount,
        currency: payment.currency,
        orderId: payment.orderId,
        reason: failureReason || null,
      },
    });
  }
  return effects;
}

/**
 * A top-up refunded (by an admin here, or at the provider): the wallet gives back what was
 * refunded, never below zero. What the balance cannot cover (the customer spent it already) goes
 * to the admin's attention list with the shortfall.
 */
function refundTopUp(
  snapshot: ApplySnapshot,
  payment: ApplySnapshot["payment"] & { userId: string },
  refunded: number,
  effects: Effects,
) {
  const debit = Math.min(refunded, snapshot.walletBalance ?? 0);
  if (debit > 0) {
    effects.wallet = {
      userId: payment.userId,
      currency: payment.currency,
      amount: -debit,
      kind: "topup_refund",
      sourceKey: `refund:${payment.id}:${payment.amountRefunded}`,
      description: "Top-up refunded",
    };
    effects.notes.push(`${recordMoney(debit, payment.currency)} debited from the wallet`);
  }
  if (debit < refunded) {
    const shortfall = recordMoney(refunded - debit, payment.currency);
    effects.attention = `top-up refund exceeds the balance by ${shortfall} (debited ${recordMoney(debit, payment.currency)})`;
    effects.notes.push(effects.attention);
  }
}

/**
 * One-time products: a completed payment grants an Entitlement and delivers what the product
 * promises. Exactly once: the entitlement's unique paymentId and the notification's dedupeKey
 * make a replayed completion a no-op.
 */
function fulfil(
  snapshot: ApplySnapshot,
  payment: ApplySnapshot["payment"] & { productId: string },
  product: NonNullable<ApplySnapshot["product"]>,
  effects: Effects,
) {
  if (snapshot.entitled) {
    effects.notes.push(`${product.name} already granted`);
    return;
  }
  const chatId = payment.telegramChatId ?? snapshot.userChatId;
  effects.grant = { productId: payment.productId, userId: payment.userId, telegramChatId: chatId };
  if (product.fulfilment !== "invite_link") return void effects.notes.push(`${product.name} granted`);
  const link = env().PAID_CHANNEL_LINK;
  if (!link) {
    return void effects.notes.push(
      `${product.name} granted; PAID_CHANNEL_LINK is not set, so no invite was sent`,
    );
  }
  if (!chatId)
    return void effects.notes.push(`${product.name} granted; no Telegram chat to send the invite to`);
  effects.notification = {
    dedupeKey: `payment:${payment.id}:invite`,
    chatId,
    kind: "invite_link",
    params: { link },
    // A product's own delivery message is the seller's words, sent as written; without one, the
    // sender words the invite in the buyer's language (telegram.invite_link).
    text: product.deliveryMessage ? product.deliveryMessage.replaceAll("{link}", link) : null,
    userId: payment.userId,
  };
  effects.notes.push(`${product.name} granted; invite queued for Telegram chat ${chatId}`);
}

import { randomUUID } from "node:crypto";
import type { PlanFacts, SubscriptionChange, SubscriptionState } from "@/lib/billing/subscriptions/rules";
import { paidPeriodsJson, readPaidPeriods, subscriptionEventData } from "@/lib/billing/subscriptions/stored";
import type { Tx } from "@/lib/db";
import {
  Prisma,
  type PaymentEventSource,
  type PaymentProvider,
  type PaymentStatus,
} from "@/lib/generated/prisma/client";
import { insertJobsSql, QUEUES } from "@/lib/jobs/queue";
import type { TelegramNotice } from "@/lib/notifications/render";

// The apply path's SQL, by hand: everything a decision needs in ONE locking read, everything it
// decided in ONE writing statement. Prisma's query interpreter would make the same work a dozen
// round trips while the payment row is locked (docs/benchmarks.md). Decisions stay in TypeScript
// (apply.ts, effects.ts, subscriptions/rules.ts); this module only reads and writes.

export interface ApplySnapshot {
  payment: {
    id: string;
    orderId: string;
    userId: string | null;
    telegramChatId: string | null;
    productId: string | null;
    purpose: "subscription" | "topup" | "product";
    planId: string | null;
    months: number | null;
    provider: PaymentProvider;
    amount: number;
    currency: string;
    amountReceived: number | null;
    amountRefunded: number;
    refundEndsTime: boolean;
    status: PaymentStatus;
    failureReason: string | null;
  };
  /** The account's linked Telegram chat. */
  userChatId: string | null;
  /** The buyer's subscription, locked, for a subscription payment. */
  subscription: ({ id: string } & SubscriptionState) | null;
  /** Every plan the decision may name: bought, current, scheduled, free. */
  plans: PlanFacts[];
  product: { name: string; fulfilment: string; deliveryMessage: string | null } | null;
  entitled: boolean;
  /** The buyer's wallet balance in the payment's currency, locked, for a top-up; null: no wallet yet. */
  walletBalance: number | null;
}

type SnapshotRow = ApplySnapshot["payment"] & {
  userChatId: string | null;
  subscription:
    | (Omit<
        SubscriptionState,
        "currentPeriodStart" | "currentPeriodEnd" | "usageResetsAt" | "paidPeriods"
      > & {
        id: string;
        currentPeriodStart: string;
        currentPeriodEnd: string | null;
        usageResetsAt: string;
        paidPeriods: unknown;
      })
    | null;
  plans: PlanFacts[] | null;
  product: ApplySnapshot["product"];
  entitled: boolean;
  walletBalance: number | null;
};

/**
 * Locks the payment (FOR NO KEY UPDATE: its key never changes, and rows that reference it — the
 * delivery, the event — need not wait for their foreign-key checks) and, for a subscription
 * payment, its buyer's subscription (locked first, by the lateral sub-select: every path that
 * locks both takes the subscription first). Null when no such payment exists.
 */
export async function lockForApply(
  tx: Tx,
  target: { provider: PaymentProvider; providerRef: string | null; orderId?: string },
): Promise<ApplySnapshot | null> {
  const where =
    target.providerRef === null
      ? Prisma.sql`p."orderId" = ${target.orderId ?? ""}`
      : Prisma.sql`p."providerRef" = ${target.providerRef}`;
  const [row] = await tx.$queryRaw<SnapshotRow[]>`
    SELECT p.id, p."orderId", p."userId", p."telegramChatId", p."productId", p.purpose::text AS purpose,
      p."planId", p.months, p.provider::text AS provider, p.amount, p.currency, p."amountReceived",
      p."amountRefunded", p."refundEndsTime", p.status::text AS status, p."failureReason",
      u."telegramChatId" AS "userChatId",
      to_jsonb(s) AS subscription,
      -- Every plan (a handful): paid periods may name any of them, and an upgrade converts value
      -- at the bought plan's monthly price in each currency.
      CASE WHEN p.purpose = 'subscription' THEN
        (SELECT jsonb_agg(jsonb_build_object('id', pl.id, 'name', pl.name, 'slug', pl.slug,
                  'sortOrder', pl."sortOrder", 'monthlyQuota', pl."monthlyQuota",
                  'monthlyPrices', (SELECT COALESCE(jsonb_object_agg(pr.currency, pr.amount), '{}'::jsonb)
                                      FROM "Price" pr WHERE pr."planId" = pl.id AND pr.months = 1)))
           FROM "Plan" pl)
      END AS plans,
      (SELECT jsonb_build_object('name', pr.name, 'fulfilment', pr.fulfilment,
                'deliveryMessage', pr."deliveryMessage")
         FROM "Product" pr WHERE pr.id = p."productId") AS product,
      EXISTS (SELECT 1 FROM "Entitlement" e WHERE e."paymentId" = p.id) AS entitled,
      w.balance AS "walletBalance"
    FROM "Payment" p
    LEFT JOIN "User" u ON u.id = p."userId"
    LEFT JOIN LATERAL (
      SELECT id, "planId", status::text AS status, "currentPeriodStart", "currentPeriodEnd",
        "scheduledPlanId", "cancelAtPeriodEnd", "paidPeriods", "requestsLimit", "requestsUsed", "usageResetsAt"
      FROM "Subscription"
      WHERE "userId" = p."userId" AND p.purpose = 'subscription'
      FOR NO KEY UPDATE
    ) s ON true
    -- A top-up's wallet, locked first like the subscription: a refund's debit is decided from it.
    LEFT JOIN LATERAL (
      SELECT balance FROM "Wallet"
      WHERE "userId" = p."userId" AND currency = p.currency AND p.purpose = 'topup'
      FOR NO KEY UPDATE
    ) w ON true
    WHERE p.provider = ${target.provider}::"PaymentProvider" AND ${where}
    FOR NO KEY UPDATE OF p`;
  if (!row) return null;
  const { userChatId, subscription, plans, product, entitled, walletBalance, ...payment } = row;
  return {
    payment,
    userChatId,
    subscription: subscription && {
      ...subscription,
      currentPeriodStart: utc(subscription.currentPeriodStart),
      currentPeriodEnd: subscription.currentPeriodEnd ? utc(subscription.currentPeriodEnd) : null,
      usageResetsAt: utc(subscription.usageResetsAt),
      paidPeriods: readPaidPeriods(subscription.paidPeriods),
    },
    plans: plans ?? [],
    product,
    entitled,
    walletBalance,
  };
}

/** Our timestamps are UTC without a zone (Prisma's DateTime); JSON renders them without one. */
function utc(value: string): Date {
  return new Date(/(Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`);
}

/** Everything one move of a payment writes. */
export interface ApplyWrite {
  /** The business time: paidAt, a revocation, the subscription's periods (tests move it). */
  now: Date;
  /** The clock: when rows were created or updated. */
  at: Date;
  payment: {
    id: string;
    from: PaymentStatus;
    to: PaymentStatus;
    amountReceived: number | null;
    cryptoAmount: string | null;
    cryptoCurrency: string | null;
    failureReason: string | null;
    paidAt: Date | null;
    /** Set when the move refunds the payment: all that was received has gone back. */
    amountRefunded: number | null;
    /** Why an admin must look at the payment now (it cannot be applied as bought); null: no news. */
    attentionReason: string | null;
    /** The move resolves what needed attention (the payment was refunded). */
    clearAttention: boolean;
  };
  event: { source: PaymentEventSource; deliveryId: string | null; actorId: string | null; note: string };
  /** The subscription's new state and what changed, recorded as SubscriptionEvents. */
  subscription: { id: string; state: SubscriptionState; changes: SubscriptionChange[] } | null;
  grant: { productId: string; userId: string | null; telegramChatId: string | null } | null;
  /** A top-up's credit, or a top-up refund's debit (negative), with its ledger entry. */
  wallet: {
    userId: string;
    currency: string;
    amount: number;
    kind: "topup" | "topup_refund";
    sourceKey: string;
    description: string;
  } | null;
  revokeEntitlement: boolean;
  /** A message to the customer: its kind and values, rendered in their language when sent. */
  notification: (TelegramNotice & { dedupeKey: string; chatId: string; userId: string | null }) | null;
  /** The webhook delivery being applied, marked `applied` in the same statement. */
  deliveryId: string | null;
}

/**
 * The one writing statement: the payment moves only if it is still where the decision found it
 * (the row lock guarantees it; the condition is the backstop), and every other write hangs off
 * that move, so all of them happen or none.
 */
export async function writeApply(tx: Tx, write: ApplyWrite): Promise<boolean> {
  const { now, at, payment, event } = write;
  const parts: Prisma.Sql[] = [
    Prisma.sql`moved AS (
      UPDATE "Payment" SET status = ${payment.to}::"PaymentStatus", "amountReceived" = ${payment.amountReceived}::int,
        "cryptoAmount" = COALESCE(${payment.cryptoAmount}::numeric, "cryptoAmount"),
        "cryptoCurrency" = COALESCE(${payment.cryptoCurrency}::text, "cryptoCurrency"),
        "failureReason" = COALESCE(${payment.failureReason}::text, "failureReason"),
        "paidAt" = COALESCE(${payment.paidAt}::timestamp, "paidAt"),
        "amountRefunded" = COALESCE(${payment.amountRefunded}::int, "amountRefunded"),
        "attentionReason" = CASE WHEN ${payment.clearAttention} THEN NULL
          ELSE COALESCE(${payment.attentionReason}::text, "attentionReason") END,
        "attentionSince" = CASE WHEN ${payment.clearAttention} THEN NULL
          WHEN ${payment.attentionReason}::text IS NULL THEN "attentionSince" ELSE ${at}::timestamp END,
        "updatedAt" = ${at}::timestamp
      WHERE id = ${payment.id} AND status = ${payment.from}::"PaymentStatus"
      RETURNING id)`,
    Prisma.sql`event AS (
      INSERT INTO "PaymentEvent" (id, "paymentId", "fromStatus", "toStatus", source, "actorId", "deliveryId", note, "createdAt")
      SELECT ${randomUUID()}, id, ${payment.from}::"PaymentStatus", ${payment.to}::"PaymentStatus",
        ${event.source}::"PaymentEventSource", ${event.actorId}, ${event.deliveryId}, ${event.note}, ${at}::timestamp
      FROM moved)`,
  ];
  if (write.subscription) {
    const { id, state, changes } = write.subscription;
    parts.push(Prisma.sql`subscription AS (
      UPDATE "Subscription" SET "planId" = ${state.planId}, status = ${state.status}::"SubscriptionStatus",
        "currentPeriodStart" = ${state.currentPeriodStart}::timestamp,
        "currentPeriodEnd" = ${state.currentPeriodEnd}::timestamp,
        "scheduledPlanId" = ${state.scheduledPlanId}::text, "cancelAtPeriodEnd" = ${state.cancelAtPeriodEnd},
        "paidPeriods" = ${JSON.stringify(paidPeriodsJson(state.paidPeriods))}::jsonb,
        "requestsLimit" = ${state.requestsLimit}::int, "requestsUsed" = ${state.requestsUsed}::int,
        "usageResetsAt" = ${state.usageResetsAt}::timestamp, "updatedAt" = ${at}::timestamp
      WHERE id = ${id} AND EXISTS (SELECT 1 FROM moved))`);
    if (changes.length > 0) {
      const events = changes.map((change) => ({
        id: randomUUID(),
        ...subscriptionEventData(change, { paymentId: payment.id, actorId: event.actorId }),
      }));
      parts.push(Prisma.sql`subscription_events AS (
        INSERT INTO "SubscriptionEvent" (id, "subscriptionId", kind, "fromPlanId", "toPlanId", "fromPeriodEnd",
          "toPeriodEnd", value, "paymentId", "actorId", reason, note, at, "createdAt")
        SELECT e.id, ${id}, e.kind::"SubscriptionEventKind", e."fromPlanId", e."toPlanId", e."fromPeriodEnd",
          e."toPeriodEnd", e.value, e."paymentId", e."actorId", e.reason, e.note, e.at, ${at}::timestamp
        FROM jsonb_to_recordset(${JSON.stringify(events)}::jsonb) AS e(id text, kind text, "fromPlanId" text,
          "toPlanId" text, "fromPeriodEnd" timestamp, "toPeriodEnd" timestamp, value jsonb, "paymentId" text,
          "actorId" text, reason text, note text, at timestamp)
        WHERE EXISTS (SELECT 1 FROM moved))`);
    }
  }
  if (write.grant) {
    const grant = write.grant;
    parts.push(Prisma.sql`granted AS (
      INSERT INTO "Entitlement" (id, "productId", "paymentId", "userId", "telegramChatId", "grantedAt")
      SELECT ${randomUUID()}, ${grant.productId}, id, ${grant.userId}, ${grant.telegramChatId}, ${at}::timestamp
      FROM moved
      ON CONFLICT ("paymentId") DO NOTHING)`);
  }
  if (write.wallet) {
    const change = write.wallet;
    // A credit upserts (a first top-up creates the wallet); a debit updates the wallet it was
    // decided from (effects.ts debits at most the locked balance; a CHECK is tested on an
    // upsert's proposed row before the conflict, so a negative one could not go through it).
    parts.push(
      change.amount > 0
        ? Prisma.sql`wallet AS (
            INSERT INTO "Wallet" (id, "userId", currency, balance, "createdAt", "updatedAt")
            SELECT ${randomUUID()}, ${change.userId}, ${change.currency}, ${change.amount}::int, ${at}::timestamp, ${at}::timestamp
            FROM moved
            ON CONFLICT ("userId", currency)
              DO UPDATE SET balance = "Wallet".balance + EXCLUDED.balance, "updatedAt" = EXCLUDED."updatedAt"
            RETURNING id, balance)`
        : Prisma.sql`wallet AS (
            UPDATE "Wallet" SET balance = balance + ${change.amount}::int, "updatedAt" = ${at}::timestamp
            WHERE "userId" = ${change.userId} AND currency = ${change.currency} AND EXISTS (SELECT 1 FROM moved)
            RETURNING id, balance)`,
    );
    parts.push(Prisma.sql`ledger AS (
      INSERT INTO "LedgerEntry" (id, "walletId", kind, amount, "balanceAfter", "sourceKey", "paymentId", description, "createdAt")
      SELECT ${randomUUID()}, id, ${change.kind}::"LedgerKind", ${change.amount}::int, balance, ${change.sourceKey},
        ${payment.id}, ${change.description}, ${at}::timestamp
      FROM wallet)`);
  }
  if (write.revokeEntitlement) {
    parts.push(Prisma.sql`revoked AS (
      UPDATE "Entitlement" SET "revokedAt" = ${now}::timestamp
      WHERE "paymentId" = ${payment.id} AND "revokedAt" IS NULL AND EXISTS (SELECT 1 FROM moved))`);
  }
  if (write.notification) {
    const note = write.notification;
    parts.push(Prisma.sql`notification AS (
      INSERT INTO "Notification" (id, "dedupeKey", "chatId", kind, params, text, "userId", "paymentId", "createdAt", "updatedAt")
      SELECT ${randomUUID()}, ${note.dedupeKey}, ${note.chatId}, ${note.kind}, ${JSON.stringify(note.params)}::jsonb,
        ${note.text ?? null}::text, ${note.userId}, id, ${at}::timestamp, ${at}::timestamp
      FROM moved
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING id)`);
    parts.push(Prisma.sql`notify AS (
      ${insertJobsSql(QUEUES.telegram, "notification", Prisma.sql`jsonb_build_object('notificationId', id)`)})`);
  }
  if (write.deliveryId) {
    parts.push(Prisma.sql`delivery AS (
      UPDATE "WebhookDelivery" SET outcome = 'applied', error = NULL, "paymentId" = ${payment.id},
        "processedAt" = ${at}::timestamp
      WHERE id = ${write.deliveryId} AND outcome = 'received' AND EXISTS (SELECT 1 FROM moved))`);
  }
  const [row] = await tx.$queryRaw<{ moved: number }[]>`
    WITH ${Prisma.join(parts, ",\n")}
    SELECT count(*)::int AS moved FROM moved`;
  return row?.moved === 1;
}

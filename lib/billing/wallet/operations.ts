import { createHash, randomUUID } from "node:crypto";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { db, query } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma, type OperationFunding, type OperationStatus } from "@/lib/generated/prisma/client";
import { countOperation } from "@/lib/metrics/record";

// Charging an operation against a customer's wallet: a free-operation credit if any is left,
// else the type's price from the balance (free types cost nothing). One SQL statement does it
// all, so a charge is atomic without a transaction around JavaScript: it locks the wallet row,
// decides from the values it locked, claims the idempotency key (the unique index on
// (apiKeyId, idempotencyKey)), and only when that claim succeeded takes the credit or the money
// and writes the ledger entry. Two charges for the last rouble queue on the row lock and the
// second sees what the first left; two requests with one idempotency key cannot both charge,
// because the wallet update runs only for the one whose INSERT claimed the key.

export interface OperationView {
  id: string;
  type: string;
  /** Minor units of `currency` taken from the balance (0 when a free credit or free type paid). */
  price: number;
  currency: string;
  funding: OperationFunding;
  status: OperationStatus;
  holdExpiresAt: Date | null;
  createdAt: Date;
}

export interface Remaining {
  balance: number;
  freeOperationsLeft: number;
  currency: string;
}

export type ChargeResult =
  | { kind: "charged"; operation: OperationView; remaining: Remaining; replayed: boolean }
  | { kind: "insufficient"; price: number; balance: number; shortfall: number; currency: string }
  | { kind: "unknown_type" }
  /** No such customer (every customer has a rouble wallet from the start). */
  | { kind: "unknown_customer" }
  /** The idempotency key was used before with another request. */
  | { kind: "key_reused" };

export interface ChargeRequest {
  userId: string;
  type: string;
  idempotencyKey: string;
  /** The API key the charge comes through (idempotency keys are per API key); null in-app. */
  apiKeyId: string | null;
  /** What the idempotency key is bound to: a retry must repeat it exactly. */
  requestFingerprint: string;
  /** Charge as a hold, to be completed or released (refunded), or refunded by the hold sweep. */
  hold?: boolean;
  now?: Date;
}

type ChargeRow = {
  wallet_found: boolean;
  type_found: boolean;
  funding: OperationFunding | null;
  price: number | null;
  balance: number | null;
  operation_id: string | null;
  /** The new operation's own figures: a fresh charge is answered from them, not read back. */
  op_price: number | null;
  balance_after: number | null;
  free_left_after: number | null;
};

export async function chargeOperation(request: ChargeRequest): Promise<ChargeResult> {
  const result = await chargeOnce(request);
  countOperation(result.kind === "charged" && result.replayed ? "replayed" : result.kind);
  return result;
}

async function chargeOnce(request: ChargeRequest): Promise<ChargeResult> {
  const now = request.now ?? new Date();
  const id = randomUUID();
  const requestHash = sha256(request.requestFingerprint);
  const status: OperationStatus = request.hold ? "held" : "completed";
  const holdExpiresAt = request.hold ? new Date(now.getTime() + env().OPERATION_HOLD_MINUTES * 60_000) : null;
  // Through node-postgres as a named (prepared) statement: the charge is the request's hot path.
  const [row] = await query<ChargeRow>(Prisma.sql`
    WITH t AS (
      SELECT id, name, free, COALESCE((prices ->> ${WALLET_CURRENCY})::int, 0) AS price
      FROM "OperationType" WHERE slug = ${request.type} AND active
    ),
    w0 AS (
      SELECT id, balance, "freeOperationsLeft" AS free_left FROM "Wallet"
      WHERE "userId" = ${request.userId} AND currency = ${WALLET_CURRENCY}
      FOR NO KEY UPDATE
    ),
    d AS (
      SELECT w0.id AS wallet_id, w0.balance, t.id AS type_id, t.name, t.price,
        CASE WHEN t.free THEN 'none'
             WHEN w0.free_left > 0 THEN 'free_credit'
             WHEN w0.balance >= t.price THEN 'balance' END AS funding
      FROM w0, t
    ),
    op AS (
      INSERT INTO "Operation" (id, "userId", "typeId", "apiKeyId", "idempotencyKey", "requestHash", price,
        currency, funding, status, "balanceAfter", "freeLeftAfter", "holdExpiresAt", "createdAt", "completedAt")
      SELECT ${id}, ${request.userId}, d.type_id, ${request.apiKeyId}, ${request.idempotencyKey}, ${requestHash},
        CASE WHEN d.funding = 'balance' THEN d.price ELSE 0 END, ${WALLET_CURRENCY},
        d.funding::"OperationFunding", ${status}::"OperationStatus",
        d.balance - CASE WHEN d.funding = 'balance' THEN d.price ELSE 0 END,
        (SELECT free_left FROM w0) - CASE WHEN d.funding = 'free_credit' THEN 1 ELSE 0 END,
        ${holdExpiresAt}::timestamp, ${now}::timestamp,
        ${request.hold ? null : now}::timestamp
      FROM d WHERE d.funding IS NOT NULL
      ON CONFLICT ("apiKeyId", "idempotencyKey") DO NOTHING
      RETURNING id, funding, price, "balanceAfter", "freeLeftAfter"
    ),
    upd AS (
      UPDATE "Wallet" w
      SET "freeOperationsLeft" = w."freeOperationsLeft" - CASE WHEN op.funding = 'free_credit' THEN 1 ELSE 0 END,
          balance = w.balance - op.price, "updatedAt" = ${now}::timestamp
      FROM op, d WHERE w.id = d.wallet_id AND (op.price > 0 OR op.funding = 'free_credit')
      RETURNING w.balance
    ),
    entry AS (
      INSERT INTO "LedgerEntry" (id, "walletId", kind, amount, "balanceAfter", "sourceKey", description, "createdAt")
      SELECT ${randomUUID()}, d.wallet_id, 'charge', -op.price, upd.balance, 'operation:' || op.id, d.name, ${now}::timestamp
      FROM op, upd, d WHERE op.price > 0
    )
    SELECT EXISTS (SELECT 1 FROM w0) AS wallet_found, EXISTS (SELECT 1 FROM t) AS type_found, (SELECT funding FROM d) AS funding,
      (SELECT price FROM d) AS price, (SELECT balance FROM d) AS balance, (SELECT id FROM op) AS operation_id,
      (SELECT price FROM op) AS op_price, (SELECT "balanceAfter" FROM op) AS balance_after,
      (SELECT "freeLeftAfter" FROM op) AS free_left_after`);

  if (!row?.wallet_found) return { kind: "unknown_customer" };
  if (!row.type_found) return { kind: "unknown_type" };
  if (row.operation_id && row.funding) {
    return {
      kind: "charged",
      replayed: false,
      operation: {
        id: row.operation_id,
        type: request.type,
        price: row.op_price ?? 0,
        currency: WALLET_CURRENCY,
        funding: row.funding,
        status,
        holdExpiresAt,
        createdAt: now,
      },
      remaining: {
        balance: row.balance_after ?? 0,
        freeOperationsLeft: row.free_left_after ?? 0,
        currency: WALLET_CURRENCY,
      },
    };
  }
  if (row.funding === null) {
    // A retry of a request that was charged before gets its first answer, whatever is left now.
    const prior = await db.operation.findFirst({
      where: { apiKeyId: request.apiKeyId, idempotencyKey: request.idempotencyKey },
      select: { id: true },
    });
    if (prior) return replay(request);
    const price = row.price ?? 0;
    const balance = row.balance ?? 0;
    return { kind: "insufficient", price, balance, shortfall: price - balance, currency: WALLET_CURRENCY };
  }
  // Funded, but the key was claimed before (or by a request that raced this one): the first answer.
  return replay(request);
}

/** The operation a charge created, or the one its idempotency key already names. */
async function replay(request: ChargeRequest): Promise<ChargeResult> {
  const operation = await db.operation.findFirst({
    where: { apiKeyId: request.apiKeyId, idempotencyKey: request.idempotencyKey },
    include: { type: { select: { slug: true } } },
  });
  if (!operation) throw new Error("a claimed operation vanished");
  if (operation.requestHash !== sha256(request.requestFingerprint)) return { kind: "key_reused" };
  return {
    kind: "charged",
    replayed: true,
    operation: view(operation),
    remaining: {
      balance: operation.balanceAfter,
      freeOperationsLeft: operation.freeLeftAfter,
      currency: operation.currency,
    },
  };
}

export type RefundResult =
  | { kind: "refunded"; operation: OperationView; remaining: Remaining }
  | { kind: "not_found" }
  /** Refunded already (or, for complete(), not held). */
  | { kind: "conflict"; status: OperationStatus };

/**
 * Gives back exactly what an operation took (money to the balance with its ledger entry, or the
 * free credit to the counter), once: the status moves from completed or held to refunded in the
 * same statement, so a second refund finds nothing to move. `apiKeyId` scopes the lookup: an
 * operation made through another key is not found (undefined: any, for the sweep and in-app).
 */
export async function refundOperation(
  operationId: string,
  options: { apiKeyId?: string | null; now?: Date; reason?: string } = {},
): Promise<RefundResult> {
  const now = options.now ?? new Date();
  const scope =
    options.apiKeyId === undefined
      ? Prisma.sql`TRUE`
      : Prisma.sql`o."apiKeyId" IS NOT DISTINCT FROM ${options.apiKeyId}`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH op AS (
      UPDATE "Operation" o SET status = 'refunded', "refundedAt" = ${now}::timestamp
      WHERE o.id = ${operationId} AND o.status IN ('completed', 'held') AND ${scope}
      RETURNING o.id, o."userId", o.funding, o.price, o.currency
    ),
    upd AS (
      UPDATE "Wallet" w
      SET "freeOperationsLeft" = w."freeOperationsLeft" + CASE WHEN op.funding = 'free_credit' THEN 1 ELSE 0 END,
          balance = w.balance + op.price, "updatedAt" = ${now}::timestamp
      FROM op WHERE w."userId" = op."userId" AND w.currency = op.currency
        AND (op.price > 0 OR op.funding = 'free_credit')
      RETURNING w.id, w.balance
    ),
    entry AS (
      INSERT INTO "LedgerEntry" (id, "walletId", kind, amount, "balanceAfter", "sourceKey", description, reason, "createdAt")
      SELECT ${randomUUID()}, upd.id, 'refund', op.price, upd.balance, 'operation-refund:' || op.id,
        'Operation refunded', ${options.reason ?? null}, ${now}::timestamp
      FROM op, upd WHERE op.price > 0
    )
    SELECT id FROM op`;
  const found = await db.operation.findFirst({
    where: { id: operationId, ...(options.apiKeyId === undefined ? {} : { apiKeyId: options.apiKeyId }) },
    include: { type: { select: { slug: true } }, user: { select: { wallets: true } } },
  });
  if (!found) return { kind: "not_found" };
  if (rows.length === 0) return { kind: "conflict", status: found.status };
  const wallet = found.user.wallets.find((candidate) => candidate.currency === found.currency);
  return {
    kind: "refunded",
    operation: view(found),
    remaining: {
      balance: wallet?.balance ?? 0,
      freeOperationsLeft: wallet?.freeOperationsLeft ?? 0,
      currency: found.currency,
    },
  };
}

/** Makes a held operation final. */
export async function completeOperation(
  operationId: string,
  options: { apiKeyId?: string | null; now?: Date } = {},
): Promise<
  | { kind: "completed"; operation: OperationView }
  | { kind: "not_found" }
  | { kind: "conflict"; status: OperationStatus }
> {
  const where = {
    id: operationId,
    ...(options.apiKeyId === undefined ? {} : { apiKeyId: options.apiKeyId }),
  };
  const moved = await db.operation.updateMany({
    where: { ...where, status: "held" },
    data: { status: "completed", completedAt: options.now ?? new Date(), holdExpiresAt: null },
  });
  const found = await db.operation.findFirst({ where, include: { type: { select: { slug: true } } } });
  if (!found) return { kind: "not_found" };
  return moved.count === 1
    ? { kind: "completed", operation: view(found) }
    : { kind: "conflict", status: found.status };
}

const HOLD_SWEEP_BATCH = 200;

/**
 * Holds neither completed nor released within OPERATION_HOLD_MINUTES: refunded, so a worker that
 * crashed mid-operation never keeps the customer's money. Each refund moves its operation once
 * (refundOperation's conditional update), whichever worker gets there first.
 */
export async function refundExpiredHolds(now = new Date()): Promise<{ refunded: number }> {
  const due = await db.operation.findMany({
    where: { status: "held", holdExpiresAt: { lte: now } },
    select: { id: true },
    orderBy: { holdExpiresAt: "asc" },
    take: HOLD_SWEEP_BATCH,
  });
  let refunded = 0;
  for (const { id } of due) {
    const result = await refundOperation(id, { now, reason: "hold expired" });
    if (result.kind === "refunded") refunded += 1;
  }
  return { refunded };
}

/**
 * The source design's balance check and worker refund as one function: charges `type` as a hold,
 * runs `fn`, completes the operation when `fn` succeeds and refunds it when `fn` throws (then
 * rethrows). A crash between the two is covered by the hold sweep.
 */
export async function withCharge<T>(
  customer: { userId: string },
  type: string,
  fn: (operation: OperationView) => Promise<T>,
): Promise<
  { kind: "done"; value: T; operation: OperationView } | Exclude<ChargeResult, { kind: "charged" }>
> {
  const key = randomUUID();
  const charge = await chargeOperation({
    userId: customer.userId,
    type,
    idempotencyKey: key,
    apiKeyId: null,
    requestFingerprint: key,
    hold: true,
  });
  if (charge.kind !== "charged") return charge;
  let value: T;
  try {
    value = await fn(charge.operation);
  } catch (error) {
    await refundOperation(charge.operation.id, { reason: "the operation failed" });
    throw error;
  }
  await completeOperation(charge.operation.id);
  return { kind: "done", value, operation: charge.operation };
}

function view(operation: {
  id: string;
  type: { slug: string };
  price: number;
  currency: string;
  funding: OperationFunding;
  status: OperationStatus;
  holdExpiresAt: Date | null;
  createdAt: Date;
}): OperationView {
  return {
    id: operation.id,
    type: operation.type.slug,
    price: operation.price,
    currency: operation.currency,
    funding: operation.funding,
    status: operation.status,
    holdExpiresAt: operation.holdExpiresAt,
    createdAt: operation.createdAt,
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

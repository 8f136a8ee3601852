import { z } from "zod";

// The /api/v1 request and answer shapes: the route handlers parse with them and the OpenAPI
// document (lib/api/v1-spec.ts) is generated from them, so the two cannot drift.

const email = z.email("Must be an email address.").max(254);
const telegramId = z.string().regex(/^-?[1-9]\d{0,15}$/, "Must be a Telegram chat id.");
const recordId = z.string().min(1).max(64);

export const customerRef = z.union([
  z.object({ id: recordId }).strict(),
  z.object({ email }).strict(),
  z.object({ telegramId }).strict(),
]);

export const createCustomerBody = z.union([z.object({ email }).strict(), z.object({ telegramId }).strict()]);

export const chargeBody = z
  .object({
    customer: customerRef,
    /** An operation type's slug, e.g. "generate". */
    type: z.string().regex(/^[a-z0-9_-]{1,40}$/, "Must be an operation type's slug."),
    /** The caller's id for this operation: a retry with the same key and body is answered the same. */
    idempotencyKey: z.string().min(1).max(100),
    /** Charge as a hold, completed by …/complete or released by …/refund. */
    hold: z.boolean().optional(),
  })
  .strict();

export const usageBody = z
  .object({ customer: customerRef, requests: z.int().min(0).max(1_000_000).default(1) })
  .strict();

export const operationIdParams = z.object({ id: recordId });
export const customerIdParams = z.object({ id: recordId });

const money = z.object({ amount: z.int().describe("Minor units (kopecks)"), currency: z.string().length(3) });
const quota = z.object({ used: z.int(), limit: z.int(), resetsAt: z.iso.datetime() });

export const customerAnswer = z.object({
  customer: z.object({
    id: z.string(),
    email: z.email().nullable(),
    telegramId: z.string().nullable(),
    balance: money,
    freeOperationsLeft: z.int(),
    quota: quota.nullable(),
  }),
});

export const operationAnswer = z.object({
  operation: z.object({
    id: z.string(),
    type: z.string(),
    price: money,
    paidWith: z.enum(["free_credit", "balance", "none"]),
    status: z.enum(["completed", "held", "refunded"]),
    holdExpiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  }),
  remaining: z.object({ balance: money, freeOperationsLeft: z.int() }).optional(),
});

export const usageAnswer = z.object({ quota });

export const errorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export type CustomerAnswer = z.infer<typeof customerAnswer>;
export type OperationAnswer = z.infer<typeof operationAnswer>;

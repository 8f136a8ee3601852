import { z } from "zod";
import type { PaymentSort } from "@/lib/billing/admin/payment-query";
import { PaymentStatus } from "@/lib/generated/prisma/enums";
import { cursorCreatedAt, cursorId } from "@/lib/cursor";

// Keyset positions in the admin payments table: the (sort key, createdAt, id) of a row, opaque in
// the URL. The id breaks ties, so a position names exactly one place in the order.

export type PaymentPosition =
  | { sort: "created"; createdAt: Date; id: string }
  | { sort: "amount"; amount: number; createdAt: Date; id: string }
  | { sort: "status"; status: PaymentStatus; createdAt: Date; id: string };

// Bounded like every cursor (lib/cursor.ts), and the amount to what the column holds.
const createdAt = cursorCreatedAt;
const id = cursorId;
const amount = z.int().min(0).max(2_147_483_647);

const cursorSchema = z.union([
  z
    .tuple([z.literal("created"), z.null(), createdAt, id])
    .transform(([sort, , createdAt, id]): PaymentPosition => ({ sort, createdAt, id })),
  z
    .tuple([z.literal("amount"), amount, createdAt, id])
    .transform(([sort, amount, createdAt, id]): PaymentPosition => ({ sort, amount, createdAt, id })),
  z
    .tuple([z.literal("status"), z.enum(PaymentStatus), createdAt, id])
    .transform(([sort, status, createdAt, id]): PaymentPosition => ({ sort, status, createdAt, id })),
]);

export function encodePaymentCursor(position: PaymentPosition): string {
  const key =
    position.sort === "amount" ? position.amount : position.sort === "status" ? position.status : null;
  const json = JSON.stringify([position.sort, key, position.createdAt.toISOString(), position.id]);
  return Buffer.from(json).toString("base64url");
}

/** The position, or null when the cursor is malformed or belongs to another sort order. */
export function decodePaymentCursor(cursor: string, sort: PaymentSort): PaymentPosition | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  return parsed.success && parsed.data.sort === sort ? parsed.data : null;
}

/** Where a row sits in the given sort order. */
export function positionOf(
  row: { amount: number; status: PaymentStatus; createdAt: Date; id: string },
  sort: PaymentSort,
): PaymentPosition {
  const { createdAt, id } = row;
  if (sort === "amount") return { sort, amount: row.amount, createdAt, id };
  if (sort === "status") return { sort, status: row.status, createdAt, id };
  return { sort, createdAt, id };
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { RECORD_ID } from "@/lib/record-id";
import { validatedActionWithUser, type ActionResult } from "@/lib/actions/validated-action";
import type { AdminActionResult } from "@/lib/billing/payments/admin-action";
import { reconcileNow } from "@/lib/billing/payments/reconcile";
import { refundPayment } from "@/lib/billing/payments/refund";
import { replayDelivery } from "@/lib/billing/webhooks/replay";

// The payment page's actions. ADMIN only, checked in each action (they are public endpoints,
// whatever page shows them); the billing module does the work and writes the admin's PaymentEvent.

const id = z.string().regex(RECORD_ID);
const paymentSchema = z.object({ paymentId: id }).strict();
const replaySchema = z.object({ paymentId: id, deliveryId: id }).strict();
const refundSchema = z
  .object({
    paymentId: id,
    // Empty: all that is left. At most two decimals (every currency we sell in has two).
    amount: z
      .string()
      .trim()
      .regex(/^(\d{1,9}(\.\d{1,2})?)?$/, "An amount such as 12.90, or empty for all that is left.")
      .transform((value) => value || undefined),
    access: z.enum(["end", "keep"], "Choose whether the customer keeps the time it bought."),
  })
  .strict();

export const refundAction = validatedActionWithUser(
  refundSchema,
  async ({ paymentId, amount, access }, admin) =>
    done(paymentId, await refundPayment(paymentId, admin, { amount, endTime: access === "end" })),
  { role: "ADMIN" },
);

export const reconcileAction = validatedActionWithUser(
  paymentSchema,
  async ({ paymentId }, admin) => done(paymentId, await reconcileNow(paymentId, admin)),
  { role: "ADMIN" },
);

export const replayAction = validatedActionWithUser(
  replaySchema,
  async ({ paymentId, deliveryId }, admin) =>
    done(paymentId, await replayDelivery(deliveryId, admin, { paymentId })),
  { role: "ADMIN" },
);

function done(paymentId: string, result: AdminActionResult): ActionResult {
  revalidatePath(`/admin/payments/${paymentId}`);
  return result.ok ? { ok: true, data: undefined, message: result.message } : result;
}

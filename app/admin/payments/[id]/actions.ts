"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outcomeMessage } from "@/components/admin/outcome-message";
import { RECORD_ID } from "@/lib/record-id";
import { validatedActionWithUser, type ActionResult } from "@/lib/actions/validated-action";
import type { AdminActionResult } from "@/lib/billing/payments/admin-action";
import { reconcileNow } from "@/lib/billing/payments/reconcile";
import { refundPayment } from "@/lib/billing/payments/refund";
import { replayDelivery } from "@/lib/billing/webhooks/replay";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

// The payment page's actions. ADMIN only, checked in each action (they are public endpoints,
// whatever page shows them); the billing module does the work and writes the admin's PaymentEvent,
// and answers with a code this file words in the admin's language.

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
      .regex(/^(\d{1,9}(\.\d{1,2})?)?$/, "admin.validation.refundAmount")
      .transform((value) => value || undefined),
    access: z.enum(["end", "keep"], "admin.validation.refundAccess"),
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

async function done(paymentId: string, result: AdminActionResult): Promise<ActionResult> {
  revalidatePath(`/admin/payments/${paymentId}`);
  const locale = await requestLocale();
  const message = outcomeMessage(translatorFor(locale), locale, result);
  return result.ok ? { ok: true, data: undefined, message } : { ok: false, message };
}

"use server";

import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { getCustomerPayment } from "@/lib/billing/payments/queries";
import { reconcileIfLate } from "@/lib/billing/payments/reconcile";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

// Called by the success and error pages (through AutoRefresh) while their payment is open, so a
// late notification does not leave the customer waiting: the page itself renders from the
// database at once, and this separate request asks the provider. Bounded in lib/billing: at most
// one provider call per payment per few seconds, and at most 3 s of waiting for it.

/** A payment nothing has moved for this long is late (its notification would normally be here). */
const LATE_AFTER_SECONDS = 3;

const checkSchema = z.object({ order_id: z.string().min(1).max(64) }).strict();

/** Asks the provider about the signed-in customer's own open payment; `changed` when it moved. */
export const checkPaymentAction = validatedActionWithUser(checkSchema, async (input, user) => {
  const payment = await getCustomerPayment(user.id, input.order_id);
  if (!payment) {
    return { ok: false, message: translatorFor(await requestLocale())("dashboard.payment.noSuchPayment") };
  }
  const changed = await reconcileIfLate(payment, LATE_AFTER_SECONDS);
  return { ok: true, data: { changed } };
});

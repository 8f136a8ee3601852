"use server";

import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { getSessionUser } from "@/lib/auth/session";
import { reconcileIfLate } from "@/lib/billing/payments/reconcile";
import { getProductPayment } from "@/lib/billing/products/checkout";
import { isReceiptKey } from "@/lib/billing/products/receipt-key";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

// Called by the receipt page (through AutoRefresh) while its payment is open: asks Stripe when
// the webhook is late, in a request of its own, so the page never waits for Stripe. A bot buyer
// has no account: the receipt key of the return URL authorises it, as it opens the page; without
// it, only the signed-in owner may ask. Bounded in lib/billing (one call per few seconds, 3 s).

/** A payment nothing has moved for this long is late (its webhook would normally be here). */
const LATE_AFTER_SECONDS = 3;

const checkSchema = z
  .object({ order_id: z.string().min(1).max(64), key: z.string().max(64).optional() })
  .strict();

/** Asks Stripe about the receipt's open payment; `changed` when it moved. */
export const checkReceiptAction = validatedAction(checkSchema, async (input) => {
  const payment = await getProductPayment(input.order_id);
  // One answer for "no such order" and "not yours", so the action reveals nothing about others.
  const denied = {
    ok: false,
    message: translatorFor(await requestLocale())("pay.receipt.noSuchPurchase"),
  } as const;
  if (!payment) return denied;
  if (!isReceiptKey(input.order_id, input.key)) {
    const user = await getSessionUser();
    if (!user || user.id !== payment.userId) return denied;
  }
  const changed = await reconcileIfLate(payment, LATE_AFTER_SECONDS);
  return { ok: true, data: { changed } };
});

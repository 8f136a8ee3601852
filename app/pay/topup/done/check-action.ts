"use server";

import { z } from "zod";
import { validatedAction } from "@/lib/actions/validated-action";
import { reconcileIfLate } from "@/lib/billing/payments/reconcile";
import { isReceiptKey } from "@/lib/billing/products/receipt-key";
import { getTopUpPayment } from "@/lib/billing/wallet/queries";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

// Called by the bot top-up's return page while its payment is open: asks YooKassa when the
// notification is late, in a request of its own (bounded in lib/billing). The receipt key of the
// return URL authorises it, as it opens the page.

const LATE_AFTER_SECONDS = 3;
const checkSchema = z.object({ order_id: z.string().min(1).max(64), key: z.string().max(64) }).strict();

export const checkTopUpAction = validatedAction(checkSchema, async (input) => {
  const payment = await getTopUpPayment(input.order_id);
  if (!payment || !isReceiptKey(input.order_id, input.key)) {
    return { ok: false, message: translatorFor(await requestLocale())("pay.topup.done.noSuchTopUp") };
  }
  const changed = await reconcileIfLate(payment, LATE_AFTER_SECONDS);
  return { ok: true, data: { changed } };
});

"use server";

import { redirect } from "next/navigation";
import { checkoutRefusal } from "@/components/billing/checkout-refusal";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { dashboardReturn, startTopUp } from "@/lib/billing/wallet/topup";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { topUpSchema } from "@/lib/validations/topup";

/** Tops up the wallet: opens a YooKassa payment and sends the customer to pay it. */
export const topUpAction = validatedActionWithUser(topUpSchema, async ({ rubles }, user) => {
  const locale = await requestLocale();
  const result = await startTopUp({
    userId: user.id,
    email: user.email,
    rubles,
    returnTo: dashboardReturn,
    locale,
  });
  switch (result.kind) {
    case "redirect":
      redirect(result.url);
    case "failed":
      redirect(`/dashboard/payment/error?order_id=${encodeURIComponent(result.orderId)}`);
    case "unavailable":
      return { ok: false, message: checkoutRefusal(translatorFor(locale), result) };
  }
});

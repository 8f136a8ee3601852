"use server";

import { redirect } from "next/navigation";
import { checkoutRefusal } from "@/components/billing/checkout-refusal";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { checkoutSchema } from "@/lib/validations/checkout";

/** Starts buying a plan: opens an invoice and sends the customer to pay it. */
export const startCheckoutAction = validatedActionWithUser(checkoutSchema, async (input, user) => {
  const locale = await requestLocale();
  const result = await startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug: input.plan,
    months: input.months,
    provider: input.provider,
    locale,
  });
  switch (result.kind) {
    case "redirect":
      redirect(result.url); // the provider's payment page
    case "failed":
      redirect(`/dashboard/payment/error?order_id=${encodeURIComponent(result.orderId)}`);
    case "unavailable":
      return { ok: false, message: checkoutRefusal(translatorFor(locale), result) };
  }
});

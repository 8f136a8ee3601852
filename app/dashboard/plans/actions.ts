"use server";

import { redirect } from "next/navigation";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { checkoutSchema } from "@/lib/validations/checkout";

/** Starts buying a plan: opens an invoice and sends the customer to pay it. */
export const startCheckoutAction = validatedActionWithUser(checkoutSchema, async (input, user) => {
  const result = await startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug: input.plan,
    months: input.months,
    provider: input.provider,
  });
  switch (result.kind) {
    case "redirect":
      redirect(result.url); // the provider's payment page
    case "failed":
      redirect(`/dashboard/payment/error?order_id=${encodeURIComponent(result.orderId)}`);
    case "unavailable":
      return { ok: false, message: result.reason };
  }
});

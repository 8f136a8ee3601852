import { appUrl } from "@/lib/app-url";
import { FREE_PLAN_SLUG } from "@/lib/billing/catalog";
import { openCheckout, type OpenCheckoutResult } from "@/lib/billing/payments/open-checkout";
import { planCheckoutProviders } from "@/lib/billing/providers/registry";
import type { ProviderName } from "@/lib/billing/providers/types";
import type { BillingMonths } from "@/lib/billing/pricing";
import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import { localeOrDefault, translatorFor } from "@/lib/i18n/translator";

// Starting a plan purchase. The price always comes from the database (never from the form); the
// checkout itself is opened by lib/billing/payments/open-checkout.ts, which closes the customer's
// earlier plan checkout first (lib/billing/payments/replace-checkout.ts). A refusal is a code with
// its values (CheckoutRefusal); the plans page says it in the reader's words.

export type CheckoutResult = OpenCheckoutResult;

export async function startSubscriptionCheckout(
  input: {
    userId: string;
    email: string;
    planSlug: string;
    months: BillingMonths;
    provider?: ProviderName;
    /** The buyer's language, for what the provider shows and puts on its receipt. */
    locale?: Locale;
  },
  now = new Date(),
): Promise<CheckoutResult> {
  const plan = await db.plan.findFirst({ where: { slug: input.planSlug, active: true } });
  if (!plan) return { kind: "unavailable", reason: "not_on_sale", purpose: "subscription" };
  // Any paid plan can be bought at any time: the rules (subscriptions/rules.ts) give every
  // payment its time, whatever the customer holds. Free is not bought: it is a cancellation.
  if (plan.slug === FREE_PLAN_SLUG) return { kind: "unavailable", reason: "free_not_bought" };

  const provider = planCheckoutProviders().find((candidate) => candidate.name === input.provider);
  if (!provider) return { kind: "unavailable", reason: "method_unavailable", purpose: "subscription" };
  const price = await db.price.findUnique({
    where: { planId_currency_months: { planId: plan.id, currency: provider.currency, months: input.months } },
  });
  if (!price) {
    return { kind: "unavailable", reason: "no_price", item: plan.name, currency: provider.currency };
  }

  return openCheckout(
    {
      provider,
      lockKey: `user:${input.userId}`,
      // One open plan checkout per customer: another plan (or months, or provider) replaces the
      // earlier checkout instead of opening beside it, so two plans are never paid by mistake.
      exclusive: { userId: input.userId, purpose: "subscription", noun: "plan checkout" },
      purchase: {
        userId: input.userId,
        purpose: "subscription",
        provider: provider.name,
        amount: price.amount,
        currency: price.currency,
        planId: plan.id,
        months: input.months,
      },
      request: (orderId) => ({
        email: input.email,
        description: translatorFor(localeOrDefault(input.locale))("dashboard.checkout.description", {
          plan: plan.name,
          months: input.months,
        }),
        successUrl: appUrl("/dashboard/payment/success", { order_id: orderId }),
        // `left`: the customer came back from the provider's page without paying.
        cancelUrl: appUrl("/dashboard/payment/error", { order_id: orderId, left: "1" }),
      }),
    },
    now,
  );
}

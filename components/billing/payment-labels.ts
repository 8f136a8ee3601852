import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import type { Translator } from "@/lib/i18n/translator";

// Labels shared by the customer's pages, the admin console and receipts, in the reader's language.
// `t` is any root translator: getTranslations() in a page, useTranslations() in a client
// component, translatorFor(locale) elsewhere.

/** "Card (Stripe)", "Карта (Stripe)". */
export function providerLabel(t: Translator, provider: PaymentProvider): string {
  return t(`common.provider.${provider}`);
}

/** "Pro · 12 months", "Balance top-up", or the product, for lists and receipts. */
export function purposeLabel(
  t: Translator,
  payment: {
    purpose: string;
    months: number | null;
    plan: { name: string } | null;
    product?: { name: string } | null;
  },
): string {
  if (payment.purpose === "subscription" && payment.plan) {
    return t("common.purpose.subscription", { plan: payment.plan.name, months: payment.months ?? 1 });
  }
  if (payment.purpose === "product") return payment.product?.name ?? t("common.purpose.product");
  return t("common.purpose.topup");
}

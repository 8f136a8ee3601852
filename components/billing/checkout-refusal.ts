import type { CheckoutRefusal } from "@/lib/billing/payments/open-checkout";
import type { Translator } from "@/lib/i18n/translator";

// Why a checkout was not opened (lib/billing/payments/open-checkout.ts), in the reader's words:
// for the plans page, the balance page, and the bot's purchase and top-up pages alike. `t` is any
// root translator (translatorFor(locale) in a server action).

export function checkoutRefusal(t: Translator, refusal: CheckoutRefusal): string {
  switch (refusal.reason) {
    case "checkout_in_flight":
      return t("dashboard.checkout.refusal.inFlight");
    case "earlier_checkout_paid":
      return refusal.item
        ? t("dashboard.checkout.refusal.earlierPaid", { item: refusal.item })
        : t("dashboard.checkout.refusal.earlierOrderPaid");
    case "earlier_checkout_unreachable":
      return t("dashboard.checkout.refusal.earlierUnreachable", {
        provider: t(`dashboard.checkout.providerName.${refusal.provider}`),
      });
    case "not_on_sale":
      return refusal.purpose === "product"
        ? t("dashboard.checkout.refusal.productNotOnSale")
        : t("dashboard.checkout.refusal.planNotOnSale");
    case "free_not_bought":
      return t("dashboard.checkout.refusal.freeNotBought");
    case "method_unavailable":
      return t(METHOD_UNAVAILABLE[refusal.purpose]);
    case "no_price":
      return t("dashboard.checkout.refusal.noPrice", { item: refusal.item, currency: refusal.currency });
    case "amount_invalid":
      return t("dashboard.checkout.refusal.amountInvalid");
  }
}

/** Plans name the method chosen; products are paid by card; top-ups go through YooKassa. */
const METHOD_UNAVAILABLE = {
  subscription: "dashboard.checkout.refusal.methodUnavailable",
  product: "dashboard.checkout.refusal.cardUnavailable",
  topup: "dashboard.checkout.refusal.topUpsUnavailable",
} as const;

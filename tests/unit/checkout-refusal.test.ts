import { describe, expect, it } from "vitest";
import { checkoutRefusal } from "@/components/billing/checkout-refusal";
import type { CheckoutRefusal } from "@/lib/billing/payments/open-checkout";
import { translatorFor } from "@/lib/i18n/translator";

// Why a checkout was not opened reaches the buyer as words in their language, never as the code
// lib/billing returns: every refusal has its sentence in both catalogs, with its values in it.

const EVERY_REFUSAL: CheckoutRefusal[] = [
  { reason: "checkout_in_flight" },
  { reason: "earlier_checkout_paid", item: "Pro" },
  { reason: "earlier_checkout_paid", item: null },
  { reason: "earlier_checkout_unreachable", provider: "yookassa" },
  { reason: "not_on_sale", purpose: "subscription" },
  { reason: "not_on_sale", purpose: "product" },
  { reason: "free_not_bought" },
  { reason: "method_unavailable", purpose: "subscription" },
  { reason: "method_unavailable", purpose: "product" },
  { reason: "method_unavailable", purpose: "topup" },
  { reason: "no_price", item: "Pro", currency: "RUB" },
  { reason: "amount_invalid" },
];

describe("a checkout refusal", () => {
  it("is today's English sentence for an English reader", () => {
    const t = translatorFor("en");
    expect(checkoutRefusal(t, { reason: "checkout_in_flight" })).toBe(
      "Your checkout is being opened. Try again in a moment.",
    );
    expect(checkoutRefusal(t, { reason: "earlier_checkout_paid", item: "Pro" })).toBe(
      "Your earlier payment for Pro has just been paid; check your plan before paying again.",
    );
    expect(checkoutRefusal(t, { reason: "earlier_checkout_unreachable", provider: "stripe" })).toBe(
      "We could not close your earlier checkout at Stripe; try again in a minute.",
    );
    expect(checkoutRefusal(t, { reason: "no_price", item: "Pro", currency: "EUR" })).toBe(
      "Pro cannot be paid in EUR.",
    );
  });

  it("is Russian for a Russian reader, with its values in it", () => {
    const t = translatorFor("ru");
    expect(checkoutRefusal(t, { reason: "earlier_checkout_unreachable", provider: "yookassa" })).toBe(
      "Не удалось закрыть предыдущий счёт в ЮKassa. Попробуйте через минуту.",
    );
    expect(checkoutRefusal(t, { reason: "method_unavailable", purpose: "topup" })).toBe(
      "Пополнение баланса сейчас недоступно.",
    );
    for (const refusal of EVERY_REFUSAL) {
      const text = checkoutRefusal(t, refusal);
      expect(text, refusal.reason).toMatch(/[а-яё]/i);
      expect(text, refusal.reason).not.toMatch(/dashboard\.|\{|\}/);
    }
  });
});

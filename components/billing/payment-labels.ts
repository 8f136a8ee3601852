import type { PaymentProvider } from "@/lib/generated/prisma/enums";

export const PROVIDER_LABEL: Record<PaymentProvider, string> = {
  cryptocloud: "Crypto (CryptoCloud)",
  stripe: "Card (Stripe)",
  yookassa: "YooKassa",
  manual: "Manual",
};

/** "Pro · 12 months", "Top-up", or the product, for lists and receipts. */
export function purposeLabel(payment: {
  purpose: string;
  months: number | null;
  plan: { name: string } | null;
  product?: { name: string } | null;
}): string {
  if (payment.purpose === "subscription" && payment.plan) {
    return `${payment.plan.name} · ${payment.months === 12 ? "12 months" : "1 month"}`;
  }
  if (payment.purpose === "product") return payment.product?.name ?? "Product";
  return "Balance top-up";
}

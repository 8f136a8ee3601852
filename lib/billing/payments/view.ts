import { formatMoney } from "@/lib/billing/pricing";
import type { Locale } from "@/lib/i18n/locales";

/** The money side of a partial payment, formatted for the reader: what arrived and what is missing. */
export function partialPaymentSummary(
  payment: { amount: number; amountReceived: number | null; currency: string },
  locale: Locale,
) {
  const received = payment.amountReceived ?? 0;
  return {
    received: formatMoney(received, payment.currency, locale),
    expected: formatMoney(payment.amount, payment.currency, locale),
    missing: formatMoney(Math.max(0, payment.amount - received), payment.currency, locale),
  };
}

/** Whether the customer can still pay this invoice from our pages. */
export function canStillPay(
  payment: { status: string; paymentUrl: string | null; expiresAt: Date | null },
  now = new Date(),
) {
  return (
    (payment.status === "pending" || payment.status === "partially_paid") &&
    payment.paymentUrl !== null &&
    (payment.expiresAt === null || payment.expiresAt > now)
  );
}

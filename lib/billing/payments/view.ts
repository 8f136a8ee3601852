import { formatMoney } from "@/lib/billing/pricing";

/** The money side of a partial payment, in words: what arrived and what is still missing. */
export function partialPaymentSummary(payment: {
  amount: number;
  amountReceived: number | null;
  currency: string;
}) {
  const received = payment.amountReceived ?? 0;
  return {
    received: formatMoney(received, payment.currency),
    expected: formatMoney(payment.amount, payment.currency),
    missing: formatMoney(Math.max(0, payment.amount - received), payment.currency),
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

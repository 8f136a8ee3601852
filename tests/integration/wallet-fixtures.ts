import { applyProviderReport } from "@/lib/billing/payments/apply";
import { createPendingPayment } from "@/lib/billing/payments/create";
import type { ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";

// Top-ups as the apply path sees them: a pending "topup" payment at YooKassa, and the report a
// re-fetch of it would give. The provider itself is exercised over HTTP in webhook-yookassa tests.

let counter = 0;

export async function pendingTopUp(userId: string, rubles: number) {
  const payment = await db.$transaction((tx) =>
    createPendingPayment(tx, {
      userId,
      purpose: "topup",
      provider: "yookassa",
      amount: rubles * 100,
      currency: "RUB",
    }),
  );
  return db.payment.update({
    where: { id: payment.id },
    data: { providerRef: `yk-${Date.now()}-${++counter}`, paymentUrl: "https://yoomoney.example/pay" },
  });
}

export function yookassaReport(
  payment: { providerRef: string | null; amount: number },
  over: Partial<ProviderReport> = {},
): ProviderReport {
  return {
    provider: "yookassa",
    providerRef: payment.providerRef,
    status: "completed",
    providerStatus: "succeeded",
    currency: "RUB",
    amountReceived: payment.amount,
    ...over,
  };
}

/** A top-up paid and applied: the wallet credited. */
export async function paidTopUp(userId: string, rubles: number) {
  const payment = await pendingTopUp(userId, rubles);
  await applyProviderReport(yookassaReport(payment), { source: "webhook" });
  return payment;
}

export function ledgerOf(userId: string) {
  return db.ledgerEntry.findMany({
    where: { wallet: { userId } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

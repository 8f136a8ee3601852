import {
  adminNote,
  settleAsAdmin,
  type Admin,
  type AdminActionResult,
} from "@/lib/billing/payments/admin-action";
import { configuredProviders } from "@/lib/billing/providers/registry";
import { ProviderError, type DeliveryVerdict } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";

/**
 * Runs a recorded delivery through verification and the apply path again. Its signature is judged
 * as of when it arrived, so an authentic delivery still verifies days later and a forged one never
 * does; applying is idempotent, so a replay can only do what the delivery should have done.
 */
export async function replayDelivery(
  deliveryId: string,
  admin: Admin,
  /** The payment page it was asked from: its delivery, or nothing is replayed. */
  expected: { paymentId?: string } = {},
): Promise<AdminActionResult> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery) return { ok: false, message: "No such delivery." };
  if (expected.paymentId !== undefined && delivery.paymentId !== expected.paymentId) {
    return { ok: false, message: "That delivery is not one of this payment's." };
  }
  const provider = configuredProviders().find((candidate) => candidate.name === delivery.provider);
  if (!provider) return { ok: false, message: `${delivery.provider} is not configured here.` };

  const headers = new Headers(delivery.headers as Record<string, string>);
  let verdict: DeliveryVerdict;
  try {
    verdict = await provider.verifyDelivery(
      { body: delivery.body, headers },
      { receivedAt: delivery.receivedAt, settledPayment: () => Promise.resolve(null) },
    );
  } catch (error) {
    const message = error instanceof ProviderError ? error.message : "The provider could not be reached.";
    return { ok: false, message };
  }
  if (!verdict.ok) return { ok: false, message: `The delivery does not verify: ${verdict.reason}.` };
  if (!("report" in verdict)) {
    const why = "ignored" in verdict ? verdict.ignored : verdict.settled;
    if (delivery.paymentId) {
      const payment = await db.payment.findUniqueOrThrow({ where: { id: delivery.paymentId } });
      await adminNote(payment.id, payment.status, admin, `replayed delivery ${delivery.id}: ${why}`);
    }
    return { ok: true, message: `Nothing to apply: ${why}.` };
  }
  return settleAsAdmin(verdict.report, admin, `Replayed delivery ${delivery.id}.`);
}

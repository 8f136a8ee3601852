import { done, refused } from "@/lib/billing/admin/outcome";
import {
  adminNote,
  settleAsAdmin,
  type Admin,
  type AdminActionResult,
} from "@/lib/billing/payments/admin-action";
import { resolveDeliveries } from "@/lib/billing/webhooks/process";
import { ProviderError } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";

/**
 * An admin runs a recorded delivery through the pipeline's worker half again: authenticated as of
 * when it arrived (so an authentic delivery still verifies days later and a forged one never
 * does), re-fetched where the provider's word is needed, and applied through the one apply path
 * with the admin as the source. Applying is idempotent, so a replay can only do what the delivery
 * should have done.
 */
export async function replayDelivery(
  deliveryId: string,
  admin: Admin,
  /** The payment page it was asked from: its delivery, or nothing is replayed. */
  expected: { paymentId?: string } = {},
): Promise<AdminActionResult> {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery) return refused("delivery_not_found");
  if (expected.paymentId !== undefined && delivery.paymentId !== expected.paymentId) {
    return refused("delivery_other_payment");
  }
  const resolution = (await resolveDeliveries([delivery])).get(delivery.id);
  if (resolution === undefined || resolution instanceof Error) {
    return resolution instanceof ProviderError
      ? refused("provider_error", { detail: resolution.message })
      : refused("provider_unreachable");
  }
  if (resolution.kind === "nothing") {
    // The reason is the pipeline's own (a log line: "signature does not match").
    if (resolution.outcome === "rejected") return refused("delivery_rejected", { reason: resolution.reason });
    if (delivery.paymentId) {
      const payment = await db.payment.findUniqueOrThrow({ where: { id: delivery.paymentId } });
      await adminNote(
        payment.id,
        payment.status,
        admin,
        `replayed delivery ${delivery.id}: ${resolution.reason}`,
      );
    }
    return done("nothing_to_apply", { reason: resolution.reason });
  }
  return settleAsAdmin(resolution.report, admin, (status) =>
    done("replayed", { delivery: delivery.id, status: { status } }),
  );
}

import { applyProviderReport, type ApplyOutcome } from "@/lib/billing/apply";
import { configuredProviders, getProvider } from "@/lib/billing/providers";
import { ProviderError, type DeliveryVerdict, type ProviderReport } from "@/lib/billing/providers/types";
import { db } from "@/lib/db";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

// What an admin can do to one payment: refund it, ask the provider now, replay a recorded
// delivery. Each goes through the one apply path (lib/billing/apply.ts) with the admin as the
// source, and each leaves a PaymentEvent signed by the admin — a status change, or, when the
// action changed nothing (the provider's webhook got there first), a note saying what happened.

export type AdminActionResult = { ok: true; message: string } | { ok: false; message: string };

interface Admin {
  id: string;
}

const REFUNDABLE: readonly PaymentStatus[] = ["completed", "partially_paid"];

export async function refundPayment(paymentId: string, admin: Admin): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return { ok: false, message: "No such payment." };
  if (!REFUNDABLE.includes(payment.status)) {
    return { ok: false, message: `A ${payment.status} payment cannot be refunded.` };
  }
  const provider = getProvider(payment.provider);

  let report: ProviderReport;
  if (provider?.refund && payment.providerRef) {
    try {
      report = await provider.refund({
        providerRef: payment.providerRef,
        orderId: payment.orderId,
        currency: payment.currency,
      });
    } catch (error) {
      const message = error instanceof ProviderError ? error.message : "The provider could not be reached.";
      if (!(error instanceof ProviderError)) console.error("refund failed", payment.orderId, error);
      await note(paymentId, payment.status, admin, `refund refused: ${message}`);
      return { ok: false, message };
    }
  } else {
    // No refund API (CryptoCloud): the admin sent the money back themselves; we record it.
    report = {
      provider: payment.provider,
      providerRef: payment.providerRef,
      orderId: payment.orderId,
      status: "refunded",
      providerStatus: "manual refund recorded by an admin",
      currency: payment.currency,
      amountReceived: null,
    };
  }
  if (report.status !== "refunded") {
    await note(paymentId, payment.status, admin, `refund requested: ${report.providerStatus}`);
    return {
      ok: true,
      message: `Refund requested; ${report.providerStatus}. The payment moves when it is done.`,
    };
  }
  return settle(report, admin, "Refunded.");
}

/** Asks the provider for the payment's state now and applies the answer. */
export async function reconcileNow(paymentId: string, admin: Admin): Promise<AdminActionResult> {
  const payment = await db.payment.findUnique({ where: { id: paymentId } });
  if (!payment) return { ok: false, message: "No such payment." };
  const provider = getProvider(payment.provider);
  if (!provider || !payment.providerRef) {
    return { ok: false, message: "This payment has no provider to ask." };
  }
  let report: ProviderReport | null;
  try {
    report = await provider.fetchStatus(payment.providerRef);
  } catch (error) {
    const message = error instanceof ProviderError ? error.message : "The provider could not be reached.";
    return { ok: false, message };
  }
  if (!report) {
    await note(
      paymentId,
      payment.status,
      admin,
      `reconcile: ${payment.provider} does not know ${payment.providerRef}`,
    );
    return { ok: true, message: `${payment.provider} does not know this payment.` };
  }
  await db.payment.update({ where: { id: paymentId }, data: { checkedAt: new Date() } });
  return settle(report, admin, `The provider says ${report.providerStatus}.`);
}

async function settle(report: ProviderReport, admin: Admin, done: string): Promise<AdminActionResult> {
  const result: ApplyOutcome = await applyProviderReport(report, { source: "admin", actorId: admin.id });
  if (result.outcome === "applied") return { ok: true, message: `${done} ${result.detail}` };
  if (result.paymentId) {
    const payment = await db.payment.findUniqueOrThrow({
      where: { id: result.paymentId },
      select: { status: true },
    });
    await note(
      result.paymentId,
      payment.status,
      admin,
      `${report.provider} says ${report.providerStatus}; ${result.detail}`,
    );
  }
  return { ok: true, message: `Nothing to change: ${result.detail}.` };
}

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
      await note(payment.id, payment.status, admin, `replayed delivery ${delivery.id}: ${why}`);
    }
    return { ok: true, message: `Nothing to apply: ${why}.` };
  }
  return settle(verdict.report, admin, `Replayed delivery ${delivery.id}.`);
}

/** A timeline entry for an admin action that moved nothing (from = to). */
async function note(paymentId: string, status: PaymentStatus, admin: Admin, text: string) {
  await db.paymentEvent.create({
    data: { paymentId, fromStatus: status, toStatus: status, source: "admin", actorId: admin.id, note: text },
  });
}

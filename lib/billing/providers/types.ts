import type { PaymentProvider as ProviderName, PaymentStatus } from "@/lib/generated/prisma/client";

// The one interface every payment provider implements. Providers know HTTP and their own
// protocol, nothing about our database: they turn our order into their payment, and their
// statuses and deliveries into a ProviderReport that lib/billing/apply.ts applies.

export type { ProviderName };

/** What a provider says about one payment, in our terms (PROVIDERS.md, "Mapping"). */
export interface ProviderReport {
  provider: ProviderName;
  /** The provider's id for the payment; null when the report names our order instead (a refund). */
  providerRef: string | null;
  /** Our order id, for reports that carry it rather than the provider's payment id. */
  orderId?: string;
  status: PaymentStatus;
  /** Received so far, minor units of `currency`; null when the provider doesn't say. */
  amountReceived: number | null;
  /**
   * Received so far as a fraction of the invoice, for providers whose amounts are not in our
   * currency's units (CryptoCloud may report crypto). Takes precedence over amountReceived.
   */
  receivedFraction?: { received: bigint; of: bigint };
  currency: string;
  cryptoAmount?: string | null;
  cryptoCurrency?: string | null;
  failureReason?: string | null;
  /** The provider's own word for the state, for the timeline ("paid", "overpaid"…). */
  providerStatus: string;
}

export interface CreatePaymentRequest {
  orderId: string;
  /** Minor units. */
  amount: number;
  currency: string;
  /** Null for a buyer without an account (a Telegram bot purchase). */
  email: string | null;
  description: string;
  expiresInMinutes: number;
  /** Where the provider sends the buyer back, for providers that take it per payment (Stripe). */
  successUrl?: string;
  cancelUrl?: string;
}

export interface CreatedPayment {
  providerRef: string;
  paymentUrl: string;
  expiresAt: Date | null;
}

/** An inbound webhook call, before anything is trusted. */
export interface RawDelivery {
  body: string;
  headers: Headers;
}

export type DeliveryVerdict =
  | { ok: true; report: ProviderReport; eventId: string | null }
  /** Authentic, for a payment that is already settled: nothing to ask the provider or apply. */
  | { ok: true; settled: string; paymentId: string; eventId: string | null }
  | { ok: true; ignored: string; eventId: string | null }
  | { ok: false; status: 400 | 401 | 403; reason: string };

export interface PaymentProvider {
  name: ProviderName;
  /** The currency this provider charges our plans in. */
  currency: string;
  /** Whether this delivery is shaped like one of ours (body fields, headers). */
  recognises(delivery: RawDelivery): boolean;
  /** Authenticates a delivery the provider's own way and reports the confirmed state. */
  verifyDelivery(delivery: RawDelivery, context: VerifyContext): Promise<DeliveryVerdict>;
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment>;
  /** Asks the provider for the current state (reconciliation); null when it doesn't know the payment. */
  fetchStatus(providerRef: string): Promise<ProviderReport | null>;
  /** Refunds the whole payment through the provider's API; absent when the provider has none. */
  refund?(request: RefundRequest): Promise<ProviderReport>;
}

export interface RefundRequest {
  providerRef: string;
  orderId: string;
  currency: string;
}

export interface VerifyContext {
  /** When the delivery arrived: signatures' age is judged against it (an admin's replay is later). */
  receivedAt?: Date;
  /** The payment's id if it can no longer move on a provider's report of payment (completed, failed…). */
  settledPayment(providerRef: string): Promise<{ id: string; status: string } | null>;
}

/** A provider call that failed; `message` is safe to store and show (no secrets, no raw bodies). */
export class ProviderError extends Error {
  override name = "ProviderError";
}

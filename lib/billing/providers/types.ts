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
  /**
   * What the provider says has been refunded of this payment in total, minor units; null/absent
   * when it doesn't say. More than we have recorded is a (partial) refund made at the provider.
   */
  amountRefunded?: number | null;
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
  /** The client's address (lib/http/client-address.ts); null when unknown. */
  clientAddress: string | null;
  /** When it arrived: signatures' age is judged against it, so a replay judges as on arrival. */
  receivedAt: Date;
}

/**
 * What a provider's authentication of a delivery concludes. Providers only authenticate and parse;
 * the pipeline (lib/billing/webhooks/) records, dedupes, queues and applies.
 */
export type DeliveryVerdict =
  | { kind: "rejected"; status: 400 | 401 | 403; reason: string }
  /** Authentic, but nothing in it can move a payment (an unused event type, a malformed object). */
  | { kind: "ignored"; reason: string; eventId: string | null }
  | { kind: "event"; event: DeliveryEvent };

/** An authentic event about one payment. */
export interface DeliveryEvent {
  /** The provider's id of the event, when it has one: a second copy of it is a duplicate. */
  eventId: string | null;
  /** Which payment it is about. */
  payment: { providerRef: string } | { orderId: string };
  /**
   * What the event says, in our terms, when it is signed and carries its amounts (Stripe). Null
   * when only the provider's status call can be trusted (CryptoCloud's postback fields are not
   * signed): the worker then re-fetches the payment and applies that answer.
   */
  report: ProviderReport | null;
  /** Unsigned details worth showing on the timeline beside a re-fetched report. */
  annotations?: Pick<ProviderReport, "cryptoAmount" | "cryptoCurrency">;
  /** The statuses it can move a payment to; from any other the payment is settled for it. */
  moves: readonly PaymentStatus[];
}

export interface PaymentProvider {
  name: ProviderName;
  /** The currency this provider charges our plans in. */
  currency: string;
  /** Whether this delivery is shaped like one of ours (body fields, headers). */
  recognises(delivery: Pick<RawDelivery, "body" | "headers">): boolean;
  /**
   * Authenticates a delivery the provider's own way (signature, token or source address) and
   * parses it into an event. No network call: it runs while the provider waits for our answer.
   */
  authenticate(delivery: RawDelivery): Promise<DeliveryVerdict>;
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment>;
  /** Asks the provider for the current state (reconciliation); null when it doesn't know the payment. */
  fetchStatus(providerRef: string): Promise<ProviderReport | null>;
  /** The same for several payments in one call, where the provider's API takes a list. */
  fetchStatuses?(providerRefs: readonly string[]): Promise<Map<string, ProviderReport | null>>;
  /** Refunds all or part of a payment through the provider's API; absent when the provider has none. */
  refund?(request: RefundRequest): Promise<RefundResult>;
  /**
   * Closes an unpaid checkout so that it can no longer be paid: "canceled" once it is closed
   * (also when it already was, unpaid), "already_settled" when money arrived first and it can no
   * longer be closed. Throws a ProviderError when the provider cannot say. Absent: no such call.
   */
  cancelPayment?(providerRef: string): Promise<"canceled" | "already_settled">;
}

export interface RefundRequest {
  providerRef: string;
  orderId: string;
  currency: string;
  /** Minor units of `currency`: all that is left to refund, or less. */
  amount: number;
  /** Refunded before this request, minor units: with `amount`, what makes a retry the same refund. */
  alreadyRefunded: number;
}

export interface RefundResult {
  /** Pending: the provider accepted it and finishes later (its webhook says when). */
  state: "succeeded" | "pending";
  /** The provider's own word, for the timeline. */
  providerStatus: string;
}

/** A provider call that failed; `message` is safe to store and show (no secrets, no raw bodies). */
export class ProviderError extends Error {
  override name = "ProviderError";
}

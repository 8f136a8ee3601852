import { z } from "zod";
import { toDecimalString, toScaledBigInt } from "@/lib/billing/money";
import {
  callCryptoCloud,
  normalizeInvoiceId,
  type CryptoCloudConfig,
} from "@/lib/billing/providers/cryptocloud/api";
import {
  ProviderError,
  type CreatedPayment,
  type CreatePaymentRequest,
  type ProviderReport,
} from "@/lib/billing/providers/types";
import type { PaymentStatus } from "@/lib/generated/prisma/client";

/** CryptoCloud's invoice statuses in our terms (PROVIDERS.md, "Mapping"). */
export const CRYPTOCLOUD_STATUS: Record<string, PaymentStatus> = {
  created: "pending",
  paid: "completed",
  overpaid: "completed",
  partial: "partially_paid",
  canceled: "expired", // CryptoCloud's word for an invoice that expired unpaid
};

const amount = z.union([z.number(), z.string()]);

const createdInvoice = z.object({
  uuid: z.string().min(1),
  link: z.url(),
  expiry_date: z.string().optional(),
});

const invoiceInfo = z.object({
  uuid: z.string().min(1),
  status: z.string(),
  amount: amount.optional(),
  received: amount.nullish(),
  fiat_currency: z.string().optional(),
  order_id: z.string().nullish(),
});

export async function createInvoice(
  config: CryptoCloudConfig,
  request: CreatePaymentRequest,
): Promise<CreatedPayment> {
  const invoice = await callCryptoCloud(
    config,
    "/invoice/create",
    {
      shop_id: config.shopId,
      amount: toDecimalString(request.amount, request.currency),
      currency: request.currency,
      order_id: request.orderId,
      ...(request.email ? { email: request.email } : {}),
      add_fields: {
        time_to_pay: {
          hours: Math.floor(request.expiresInMinutes / 60),
          minutes: request.expiresInMinutes % 60,
        },
      },
    },
    createdInvoice,
  );
  return {
    providerRef: normalizeInvoiceId(invoice.uuid),
    paymentUrl: invoice.link,
    expiresAt: parseExpiry(invoice.expiry_date) ?? new Date(Date.now() + request.expiresInMinutes * 60_000),
  };
}

/** merchant/info for one invoice, as a report in our terms; null when CryptoCloud doesn't know it. */
export async function fetchInvoice(
  config: CryptoCloudConfig,
  providerRef: string,
): Promise<ProviderReport | null> {
  return (await fetchInvoices(config, [providerRef])).get(normalizeInvoiceId(providerRef)) ?? null;
}

/**
 * merchant/info takes a list of invoices: one call answers a whole batch of deliveries. Keyed by
 * the normalized invoice id; an invoice CryptoCloud doesn't know maps to null.
 */
export async function fetchInvoices(
  config: CryptoCloudConfig,
  providerRefs: readonly string[],
): Promise<Map<string, ProviderReport | null>> {
  const uuids = [...new Set(providerRefs.map(normalizeInvoiceId))];
  const reports = new Map<string, ProviderReport | null>(uuids.map((uuid) => [uuid, null]));
  if (uuids.length === 0) return reports;
  const invoices = await callCryptoCloud(config, "/invoice/merchant/info", { uuids }, z.array(invoiceInfo));
  for (const invoice of invoices) {
    const uuid = normalizeInvoiceId(invoice.uuid);
    if (reports.has(uuid)) reports.set(uuid, invoiceReport(uuid, invoice));
  }
  return reports;
}

/**
 * merchant/canceled closes an invoice only while it is `created`, and refuses any other with the
 * same "Invoice is not created". So after any failure (a refusal, or a reply lost after the call
 * took effect) merchant/info tells what became of it: canceled is closed all the same; paid,
 * overpaid or partial means money arrived first and it can no longer be closed.
 */
export async function cancelInvoice(
  config: CryptoCloudConfig,
  providerRef: string,
): Promise<"canceled" | "already_settled"> {
  const uuid = normalizeInvoiceId(providerRef);
  let failure: unknown;
  try {
    await callCryptoCloud(config, "/invoice/merchant/canceled", { uuid }, z.unknown());
    return "canceled";
  } catch (error) {
    failure = error;
  }
  const invoice = await fetchInvoice(config, uuid);
  if (invoice?.providerStatus === "canceled") return "canceled";
  if (invoice && invoice.status !== "pending") return "already_settled";
  throw failure instanceof ProviderError
    ? failure
    : new ProviderError("CryptoCloud could not cancel the invoice");
}

function invoiceReport(uuid: string, invoice: z.infer<typeof invoiceInfo>): ProviderReport {
  const status = CRYPTOCLOUD_STATUS[invoice.status];
  return {
    provider: "cryptocloud",
    providerRef: uuid,
    // An unknown status is treated as still pending: never complete a payment on a guess.
    status: status ?? "pending",
    providerStatus: invoice.status,
    currency: (invoice.fiat_currency ?? "USD").toUpperCase(),
    amountReceived: null,
    receivedFraction: receivedFraction(invoice.received, invoice.amount),
  };
}

/**
 * `received` and `amount` come from the same reply in the same unit, which CryptoCloud's docs
 * leave ambiguous (fiat or the crypto paid in); as a fraction of each other, the unit cancels out.
 */
function receivedFraction(
  received: string | number | null | undefined,
  amount: string | number | undefined,
): { received: bigint; of: bigint } | undefined {
  if (received === undefined || received === null || amount === undefined) return undefined;
  const of = toScaledBigInt(amount);
  return of > 0n ? { received: toScaledBigInt(received), of } : undefined;
}

/** CryptoCloud writes expiry as "2024-03-14 16:54:51.620154" (UTC). */
function parseExpiry(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

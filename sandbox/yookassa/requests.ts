// The request bodies the emulator takes, checked as YooKassa checks them: a refusal names the
// parameter (`parameter` in the error object). Only what the app sends is understood; other
// fields YooKassa documents (payment_method_data, save_payment_method…) are ignored, not refused.
import { z } from "zod";
import { invalidRequest } from "./errors";
import { parseAmount } from "./money";

/** Currencies this emulated shop accepts: a company registered in Russia takes roubles only. */
const CURRENCIES = new Set(["RUB"]);

export interface NewPayment {
  amount: number;
  currency: string;
  capture: boolean;
  returnUrl: string;
  description: string | null;
  metadata: Record<string, string>;
  receipt: unknown;
}

export interface NewRefund {
  paymentId: string;
  amount: number;
  currency: string;
  description: string | null;
  receipt: unknown;
}

const object = z.record(z.string(), z.unknown());

export function parseNewPayment(body: unknown, options: { receipts: boolean }): NewPayment {
  const input = asObject(body);
  const { amount, currency } = parseMoney(input.amount, "amount");
  if (input.capture !== undefined && typeof input.capture !== "boolean") {
    throw invalidRequest("Invalid capture value: expected true or false", "capture");
  }
  const confirmation = object.safeParse(input.confirmation);
  if (!confirmation.success) throw invalidRequest("Missing confirmation", "confirmation");
  if (confirmation.data.type !== "redirect") {
    throw invalidRequest("Unsupported confirmation type: the emulator takes redirect", "confirmation.type");
  }
  const returnUrl = z.url({ protocol: /^https?$/ }).safeParse(confirmation.data.return_url);
  if (!returnUrl.success) throw invalidRequest("Invalid return_url value", "confirmation.return_url");
  const description = parseDescription(input.description);
  const receipt = parseReceipt(input.receipt, amount, currency, options.receipts);
  return {
    amount,
    currency,
    // YooKassa's default is a two-stage payment: without capture: true it waits for capture.
    capture: input.capture === true,
    returnUrl: returnUrl.data,
    description,
    metadata: parseMetadata(input.metadata),
    receipt,
  };
}

export function parseNewRefund(body: unknown, options: { receipts: boolean }): NewRefund {
  const input = asObject(body);
  if (typeof input.payment_id !== "string" || input.payment_id === "") {
    throw invalidRequest("Missing payment_id", "payment_id");
  }
  const { amount, currency } = parseMoney(input.amount, "amount");
  return {
    paymentId: input.payment_id,
    amount,
    currency,
    description: parseDescription(input.description),
    receipt: parseReceipt(input.receipt, amount, currency, options.receipts),
  };
}

function asObject(body: unknown): Record<string, unknown> {
  const parsed = object.safeParse(body);
  if (!parsed.success) throw invalidRequest("Request body must be a JSON object");
  return parsed.data;
}

function parseMoney(value: unknown, parameter: string): { amount: number; currency: string } {
  const money = object.safeParse(value);
  if (!money.success) throw invalidRequest(`Missing ${parameter}`, parameter);
  // A float is refused: YooKassa's amounts are decimal strings.
  const amount = parseAmount(money.data.value);
  if (amount === null) throw invalidRequest(`Invalid ${parameter} value`, `${parameter}.value`);
  const currency = money.data.currency;
  if (typeof currency !== "string" || !CURRENCIES.has(currency)) {
    throw invalidRequest(`Invalid ${parameter} currency`, `${parameter}.currency`);
  }
  return { amount, currency };
}

function parseDescription(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || [...value].length > 128) {
    throw invalidRequest("Invalid description value: at most 128 characters", "description");
  }
  return value;
}

/** Up to 16 keys of at most 32 characters, string values of at most 512 (PROVIDERS.md). */
function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const metadata = z
    .record(z.string().min(1).max(32), z.string().max(512))
    .refine((record) => Object.keys(record).length <= 16)
    .safeParse(value);
  if (!metadata.success) throw invalidRequest("Invalid metadata value", "metadata");
  return metadata.data;
}

const receiptItem = z.object({
  description: z.string().min(1).max(128),
  quantity: z.union([z.string().regex(/^\d+(\.\d{1,3})?$/), z.number().positive()]),
  amount: z.object({ value: z.string(), currency: z.string() }),
  vat_code: z.number().int().min(1).max(12),
  payment_subject: z.string().optional(),
  payment_mode: z.string().optional(),
});
const receiptSchema = z.object({
  customer: z
    .object({ email: z.email().optional(), phone: z.string().optional() })
    .refine((customer) => customer.email !== undefined || customer.phone !== undefined),
  items: z.array(receiptItem).min(1).max(100),
});

/**
 * With receipts on (the shop uses "Чеки от ЮKassa") every payment and refund must carry one, and
 * its items must add up to the amount; without, a receipt that is sent is still checked.
 */
function parseReceipt(value: unknown, amount: number, currency: string, required: boolean): unknown {
  if (value === undefined || value === null) {
    if (required) throw invalidRequest("Receipt is missing or illegal", "receipt");
    return null;
  }
  const receipt = receiptSchema.safeParse(value);
  if (!receipt.success) throw invalidRequest("Receipt is missing or illegal", "receipt");
  let total = 0;
  for (const item of receipt.data.items) {
    const price = parseAmount(item.amount.value);
    const quantity = Number(item.quantity);
    if (price === null || item.amount.currency !== currency) {
      throw invalidRequest("Receipt is missing or illegal", "receipt.items.amount");
    }
    total += Math.round(price * quantity);
  }
  if (total !== amount) {
    throw invalidRequest("Receipt items do not add up to the amount", "receipt.items");
  }
  return value;
}

import { z } from "zod";

// The parts of YooKassa's objects that we read, as its API reference documents them
// (yookassa.ru/developers/api). Everything else in a reply is left alone.

/** `{"value": "1490.00", "currency": "RUB"}`: a decimal string, never a float. */
export const amountObject = z.object({
  value: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, "a decimal amount"),
  currency: z.string().length(3),
});

const cancellationDetails = z.object({ party: z.string(), reason: z.string() });

/** A payment, as create and GET /payments/{id} answer it and notifications carry it. */
export const paymentObject = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  amount: amountObject,
  /** Present once any refund of it has succeeded: the total refunded. */
  refunded_amount: amountObject.optional(),
  description: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  confirmation: z.object({ type: z.string(), confirmation_url: z.string().optional() }).optional(),
  cancellation_details: cancellationDetails.optional(),
});

export type YooKassaPayment = z.infer<typeof paymentObject>;

export const refundObject = z.object({
  id: z.string().min(1),
  payment_id: z.string().min(1),
  status: z.string().min(1),
  amount: amountObject,
  cancellation_details: cancellationDetails.optional(),
});

/** `{"type": "error", "id", "code", "description", "parameter"}`. */
export const errorObject = z.object({
  type: z.literal("error"),
  code: z.string().optional(),
  description: z.string().optional(),
  parameter: z.string().optional(),
});

/** `{"type": "notification", "event": "payment.succeeded", "object": {…the full object…}}`. */
export const notificationEnvelope = z.object({
  type: z.literal("notification"),
  event: z.string().min(1),
  object: z.record(z.string(), z.unknown()),
});

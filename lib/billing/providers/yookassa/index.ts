import type { PaymentProvider } from "@/lib/billing/providers/types";
import { yooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import {
  authenticateNotification,
  recognisesNotification,
} from "@/lib/billing/providers/yookassa/notifications";
import { createPayment, fetchPayment } from "@/lib/billing/providers/yookassa/payments";
import { refundPayment } from "@/lib/billing/providers/yookassa/refunds";

/**
 * YooKassa (API v3) behind the provider interface, or null when it is not configured. It has no
 * cancelPayment: YooKassa cancels a payment through the API only while it waits for capture
 * (POST /payments/{id}/cancel), and ours are captured at once, so a pending checkout cannot be
 * closed from here. An earlier checkout is left to expire (YooKassa cancels it as
 * expired_on_confirmation); should it be paid first, the subscription rules give that payment its
 * time as well.
 */
export function yooKassaProvider(): PaymentProvider | null {
  const config = yooKassaConfig();
  if (!config) return null;
  return {
    name: "yookassa",
    currency: "RUB",
    recognises: recognisesNotification,
    authenticate: (delivery) => Promise.resolve(authenticateNotification(config, delivery)),
    createPayment: (request) => createPayment(config, request),
    fetchStatus: (providerRef) => fetchPayment(config, providerRef),
    refund: (request) => refundPayment(config, request),
  };
}

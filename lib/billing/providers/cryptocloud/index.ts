import { cryptoCloudConfig, type CryptoCloudConfig } from "@/lib/billing/providers/cryptocloud/api";
import {
  cancelInvoice,
  createInvoice,
  fetchInvoice,
  fetchInvoices,
} from "@/lib/billing/providers/cryptocloud/invoices";
import { authenticatePostback, parsePostback } from "@/lib/billing/providers/cryptocloud/postback";
import type { PaymentProvider } from "@/lib/billing/providers/types";

/** CryptoCloud behind the provider interface, or null when it is not configured. */
export function cryptoCloudProvider(): PaymentProvider | null {
  const config: CryptoCloudConfig | null = cryptoCloudConfig();
  if (!config) return null;
  return {
    name: "cryptocloud",
    currency: "USD",
    recognises: (delivery) => {
      const fields = parsePostback(delivery);
      return fields !== null && "invoice_id" in fields && "token" in fields;
    },
    authenticate: (delivery) => authenticatePostback(config, delivery),
    createPayment: (request) => createInvoice(config, request),
    fetchStatus: (providerRef) => fetchInvoice(config, providerRef),
    fetchStatuses: (providerRefs) => fetchInvoices(config, providerRefs),
    cancelPayment: (providerRef) => cancelInvoice(config, providerRef),
  };
}

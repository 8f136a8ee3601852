import { toDecimalString } from "@/lib/billing/money";
import { ProviderError } from "@/lib/billing/providers/types";
import type { YooKassaConfig } from "@/lib/billing/providers/yookassa/config";
import { truncate } from "@/lib/billing/providers/yookassa/text";

// Receipts under 54-FZ ("Чеки от ЮKassa"): with YOOKASSA_RECEIPTS on, YooKassa registers a fiscal
// receipt for every payment and refund, and refuses one that comes without its receipt data. Ours
// is one line: the service bought, paid in full, to the buyer's email.

export interface Receipt {
  customer: { email: string };
  items: {
    description: string;
    quantity: string;
    amount: { value: string; currency: string };
    vat_code: number;
    payment_subject: "service";
    payment_mode: "full_payment";
  }[];
}

/** The receipt for a payment or refund of `amount`, or undefined when receipts are off. */
export function receiptFor(
  config: Pick<YooKassaConfig, "receipts" | "vatCode">,
  input: { email: string | null; description: string; amount: number; currency: string },
): Receipt | undefined {
  if (!config.receipts) return undefined;
  if (!input.email) {
    // A customer known only by Telegram has no address for the receipt; the page asks for one.
    throw new ProviderError("YooKassa needs the buyer's email address for the receipt (54-FZ)");
  }
  return {
    customer: { email: input.email },
    items: [
      {
        description: truncate(input.description, 128),
        quantity: "1.00",
        amount: { value: toDecimalString(input.amount, input.currency), currency: input.currency },
        vat_code: config.vatCode,
        payment_subject: "service",
        payment_mode: "full_payment",
      },
    ],
  };
}

// The emulated invoice as tests see it, and the small pure rules around it. Kept apart from the
// store so wire.ts, postback.ts and the HTTP surfaces can use the type without the state.
import { parseCents } from "./money";

export type InvoiceStatus = "created" | "paid" | "partial" | "overpaid" | "canceled";

export interface EmulatedInvoice {
  uuid: string; // "INV-" + code
  code: string; // 8 chars [A-Z0-9]
  shopId: string;
  orderId: string | null;
  email: string | null;
  amount: string; // "3229.20", in `currency`
  currency: string; // fiat
  status: InvoiceStatus;
  received: string; // "0.00" until paid, in `currency`
  cryptoCurrency: string; // always "USDT_TRC20" here
  createdAt: Date;
  expiresAt: Date;
  /** When the invoice reached paid/overpaid/canceled (CryptoCloud's `date_finished`). */
  finishedAt: Date | null;
}

/** A refused operation; `kind` decides the HTTP status of the control endpoints (404/409/400). */
export { EmulatorStateError } from "../control";

/** "INV-ab12cd34", "ab12cd34" → "AB12CD34": the API accepts both spellings everywhere. */
export function normalizeCode(uuidOrCode: string): string {
  return uuidOrCode.trim().toUpperCase().replace(/^INV-/, "");
}

/**
 * Cents of one incoming transfer: "full" pays what is still due, "part" half of it, "over" what
 * is due plus 10 % of the amount (so a fresh invoice gets amount × 1.1), and a decimal string
 * ("12.34") exactly that much. Null for anything else.
 */
export function transferCents(how: string, amount: number, due: number): number | null {
  switch (how) {
    case "full":
      return due;
    case "part":
      return Math.round(due / 2);
    case "over":
      return due + Math.round(amount / 10);
    default:
      return /^\d+(\.\d{1,2})?$/.test(how) ? parseCents(how) : null;
  }
}

/** A copy, so callers never hold live state they could mutate or see change under them. */
export function snapshot(invoice: EmulatedInvoice): EmulatedInvoice {
  return {
    ...invoice,
    createdAt: new Date(invoice.createdAt),
    expiresAt: new Date(invoice.expiresAt),
    finishedAt: invoice.finishedAt && new Date(invoice.finishedAt),
  };
}

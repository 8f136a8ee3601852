// How an emulated invoice looks on the wire: the `result` of create and merchant/info, and the
// `invoice_info` of a postback. Field names, nesting and types follow the examples in
// docs.cryptocloud.plus (api-reference-v2: create-invoice, invoice-information, postback).
//
// Where the docs are vague, the emulator picks one reading and says so:
// - Amounts are JSON floats, as in every doc example (`"amount": 100.0`), never strings.
// - `amount` / `received` are given in the invoice's fiat currency. The newest docs describe
//   `amount` in merchant/info as "in the selected cryptocurrency"; with USD invoices paid in USDT
//   (the doc examples) both readings give the same number. Robust clients compare `received` with
//   `amount` *from the same reply* (or `received_usd` with `amount_usd`), never with their own
//   fiat figure. `amount_in_fiat` + `fiat_currency` always carry the creation currency.
// - `invoice_status` ("start", "success", …) is only shown in examples for created and overpaid;
//   the values for partial and canceled are guesses.
import type { EmulatedInvoice, InvoiceStatus } from "./model";
import { centsToNumber, formatApiDate, parseCents, toCrypto, toUsdCents } from "./money";

export interface WireContext {
  url: string;
  successUrl?: string;
  failUrl?: string;
}

/** The `currency` object CryptoCloud nests in invoices; the emulator only ever uses USDT on Tron. */
export function currencyObject(fullcode: string): Record<string, unknown> {
  return {
    id: 4,
    code: fullcode.split("_")[0],
    fullcode,
    network: {
      code: "TRC20",
      id: 4,
      icon: "https://cdn.cryptocloud.plus/currency/crypto/TRX.svg",
      fullname: "Tron",
    },
    name: "Tether",
    is_email_required: false,
    stablecoin: true,
    icon_base: "https://cdn.cryptocloud.plus/currency/icons/main/usdt.svg",
    icon_network: "https://cdn.cryptocloud.plus/icons-currency/USDT-TRC20.svg",
    icon_qr: "https://cdn.cryptocloud.plus/currency/icons/stroke/usdt.svg",
    order: 1,
  };
}

const INVOICE_STATUS: Record<InvoiceStatus, string> = {
  created: "start",
  paid: "success",
  overpaid: "success",
  partial: "partial",
  canceled: "canceled",
};

/** USDT the invoice has received so far (the emulator pays in USDT, 1:1 with USD). */
export function receivedCrypto(invoice: EmulatedInvoice): number {
  return toCrypto(parseCents(invoice.received) ?? 0, invoice.currency);
}

/** One entry of merchant/info `result` (also the postback's `invoice_info`). */
export function invoiceView(invoice: EmulatedInvoice, ctx: WireContext): Record<string, unknown> {
  const amount = parseCents(invoice.amount) ?? 0;
  const received = parseCents(invoice.received) ?? 0;
  const amountUsd = toUsdCents(amount, invoice.currency);
  const receivedUsd = toUsdCents(received, invoice.currency);
  return {
    uuid: invoice.uuid,
    created: formatApiDate(invoice.createdAt),
    address: "",
    currency: currencyObject(invoice.cryptoCurrency),
    date_finished: invoice.finishedAt && formatApiDate(invoice.finishedAt),
    expiry_date: formatApiDate(invoice.expiresAt),
    side_commission: "client",
    side_commission_cc: "client",
    type_payments: "crypto",
    amount: centsToNumber(amount),
    amount_usd: centsToNumber(amountUsd),
    amount_in_fiat: centsToNumber(amount),
    amount_in_crypto: toCrypto(amount, invoice.currency),
    received: centsToNumber(received),
    received_usd: centsToNumber(receivedUsd),
    to_surcharge: centsToNumber(Math.max(0, amount - received)),
    to_surcharge_usd: centsToNumber(Math.max(0, amountUsd - receivedUsd)),
    fee: 0,
    fee_usd: 0,
    service_fee: 0,
    service_fee_usd: 0,
    fiat_currency: invoice.currency,
    status: invoice.status,
    invoice_status: INVOICE_STATUS[invoice.status],
    is_email_required: false,
    order_id: invoice.orderId,
    email: invoice.email,
    project: project(ctx),
    tx_list: [],
    test_mode: false,
  };
}

/** The `result` of invoice/create: the invoice fields plus the hosted page `link`. */
export function createResult(invoice: EmulatedInvoice, ctx: WireContext): Record<string, unknown> {
  return {
    ...invoiceView(invoice, ctx),
    link: paymentLink(invoice, ctx),
    // The docs' create example carries `invoice_id: null` next to `uuid`; kept for fidelity.
    invoice_id: null,
  };
}

export function paymentLink(invoice: EmulatedInvoice, ctx: WireContext): string {
  return `${ctx.url}/pay/${invoice.code}`;
}

function project(ctx: WireContext): Record<string, unknown> {
  return { id: 1, name: "Emulated shop", fail: ctx.failUrl ?? "", success: ctx.successUrl ?? "", logo: null };
}

// In-memory invoice state of the CryptoCloud emulator: creation, lazy expiry, payments, cancel.
// Everything the API, the hosted page and the control endpoints do to an invoice goes through
// this store, so the three views can never disagree.
import { randomInt } from "node:crypto";
import { type EmulatedInvoice, EmulatorStateError, normalizeCode, snapshot, transferCents } from "./model";
import { formatCents, parseCents } from "./money";

const CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export interface NewInvoice {
  shopId: string;
  orderId: string | null;
  email: string | null;
  cents: number;
  currency: string;
  lifetimeMs: number;
}

export class InvoiceStore {
  private readonly invoices = new Map<string, EmulatedInvoice>();

  create(input: NewInvoice): EmulatedInvoice {
    let code: string;
    do {
      code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    } while (this.invoices.has(code));
    const now = new Date();
    const invoice: EmulatedInvoice = {
      uuid: `INV-${code}`,
      code,
      shopId: input.shopId,
      orderId: input.orderId,
      email: input.email,
      amount: formatCents(input.cents),
      currency: input.currency,
      status: "created",
      received: "0.00",
      cryptoCurrency: "USDT_TRC20",
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.lifetimeMs),
      finishedAt: null,
    };
    this.invoices.set(code, invoice);
    return snapshot(invoice);
  }

  /** A copy of the invoice as of now: callers never hold live state they could mutate. */
  get(uuidOrCode: string): EmulatedInvoice | undefined {
    const invoice = this.live(uuidOrCode);
    return invoice && snapshot(invoice);
  }

  /** The newest invoice for an order (an app may create a second one after a failed attempt). */
  findByOrderId(orderId: string): EmulatedInvoice | undefined {
    return this.list().findLast((invoice) => invoice.orderId === orderId);
  }

  list(): EmulatedInvoice[] {
    return [...this.invoices.keys()].flatMap((code) => this.get(code) ?? []);
  }

  /** One incoming transfer (see transferCents); the status follows from the total received. */
  pay(uuidOrCode: string, how: string = "full"): EmulatedInvoice {
    const invoice = this.require(uuidOrCode);
    if (invoice.status !== "created" && invoice.status !== "partial") {
      throw new EmulatorStateError(`${invoice.uuid} is ${invoice.status}; it cannot be paid`, "conflict");
    }
    const amount = parseCents(invoice.amount) ?? 0;
    const received = parseCents(invoice.received) ?? 0;
    const due = amount - received;
    const transfer = transferCents(how, amount, due);
    if (transfer === null || transfer <= 0) {
      throw new EmulatorStateError(`"${how}" is not full, part, over or a positive amount`, "invalid");
    }
    const total = received + transfer;
    invoice.received = formatCents(total);
    invoice.status = total < amount ? "partial" : total === amount ? "paid" : "overpaid";
    if (invoice.status !== "partial") invoice.finishedAt = new Date();
    return snapshot(invoice);
  }

  /** What the deadline does to an unpaid invoice; also pulls `expiresAt` back to now. */
  expire(uuidOrCode: string): EmulatedInvoice {
    const invoice = this.require(uuidOrCode);
    if (invoice.status !== "created") {
      throw new EmulatorStateError(
        `${invoice.uuid} is ${invoice.status}; only created ones expire`,
        "conflict",
      );
    }
    const now = new Date();
    if (invoice.expiresAt > now) invoice.expiresAt = now;
    invoice.status = "canceled";
    invoice.finishedAt = now;
    return snapshot(invoice);
  }

  /** `merchant/canceled`: allowed only while `created`, as CryptoCloud documents. */
  cancel(uuidOrCode: string): EmulatedInvoice {
    const invoice = this.require(uuidOrCode);
    if (invoice.status !== "created") throw new EmulatorStateError("Invoice is not created", "conflict");
    invoice.status = "canceled";
    invoice.finishedAt = new Date();
    return snapshot(invoice);
  }

  private require(uuidOrCode: string): EmulatedInvoice {
    const invoice = this.live(uuidOrCode);
    if (!invoice) throw new EmulatorStateError(`Invoice ${uuidOrCode} not found`, "not-found");
    return invoice;
  }

  /** Looks up and applies the deadline lazily: a `created` invoice past expiry is `canceled`. */
  private live(uuidOrCode: string): EmulatedInvoice | undefined {
    const invoice = this.invoices.get(normalizeCode(uuidOrCode));
    if (invoice?.status === "created" && invoice.expiresAt.getTime() <= Date.now()) {
      invoice.status = "canceled";
      invoice.finishedAt = invoice.expiresAt;
    }
    return invoice;
  }
}

// The emulator's shared state and the operations every surface needs: the programmatic handle
// (emulator.ts), the CryptoCloud API (api.ts), the hosted page and the control endpoints all
// call these, so "pay" means the same thing whether a test, Playwright or curl triggers it.
import { FailureQueue, type RecordedRequest, Timers } from "../faults";
import { InvoiceStore } from "./invoices";
import { type EmulatedInvoice, EmulatorStateError } from "./model";
import {
  type BuiltPostback,
  buildPostback,
  type PostbackFormat,
  type PostbackOverrides,
  sendPostback,
} from "./postback";
import type { WireContext } from "./wire";

export type { FailMode, RecordedRequest } from "../faults";

export interface ResolvedOptions {
  apiKey: string;
  shopId: string;
  secretKey: string;
  postbackUrl?: string;
  postbackFormat: PostbackFormat;
  successUrl?: string;
  failUrl?: string;
}

export class EmulatorCore {
  readonly store = new InvoiceStore();
  readonly requests: RecordedRequest[] = [];
  /** Set once the server listens (the port is only known then). */
  url = "";
  readonly faults = new FailureQueue();
  readonly timers = new Timers();

  constructor(readonly options: ResolvedOptions) {}

  get wire(): WireContext {
    return { url: this.url, successUrl: this.options.successUrl, failUrl: this.options.failUrl };
  }

  /** A payment followed by its postback, which is awaited so callers see the app's answer. */
  async pay(
    uuidOrCode: string,
    how?: string,
  ): Promise<{ invoice: EmulatedInvoice; postbackStatus: number | null }> {
    const invoice = this.store.pay(uuidOrCode, how);
    const postbackStatus = await this.notify(invoice.code);
    return { invoice: this.store.get(invoice.code) ?? invoice, postbackStatus };
  }

  /** Sends the postback for the invoice's current state; null when no postbackUrl is set. */
  async notify(uuidOrCode: string): Promise<number | null> {
    const { postbackUrl } = this.options;
    if (!postbackUrl) {
      this.requireInvoice(uuidOrCode);
      return null;
    }
    return sendPostback(postbackUrl, await this.buildPostback(uuidOrCode));
  }

  async buildPostback(uuidOrCode: string, overrides?: PostbackOverrides): Promise<BuiltPostback> {
    const defaults = { format: this.options.postbackFormat, secretKey: this.options.secretKey };
    return await buildPostback(this.requireInvoice(uuidOrCode), this.wire, defaults, overrides);
  }

  requireInvoice(uuidOrCode: string): EmulatedInvoice {
    const invoice = this.store.get(uuidOrCode);
    if (!invoice) throw new EmulatorStateError(`Invoice ${uuidOrCode} not found`, "not-found");
    return invoice;
  }
}

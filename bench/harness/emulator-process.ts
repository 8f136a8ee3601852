// The CryptoCloud emulator in a process of its own, driven over IPC by bench/harness/emulator.ts.
// A separate process keeps its CPU apart from the load generator's (so /proc shows what the
// re-fetch costs the provider side) and keeps its request handling off the event loop that
// timestamps the deliveries. Postbacks are never sent: the benchmark delivers them itself.
import { startCryptoCloudEmulator } from "@/sandbox/cryptocloud/emulator";

export interface NewInvoiceOrder {
  orderId: string;
  /** Decimal string in `currency`, as checkout sends it. */
  amount: string;
  currency: string;
  email: string;
  expiresInMinutes: number;
}

export interface PaidInvoice {
  uuid: string;
  link: string;
  expiryDate: string | undefined;
  body: string;
  contentType: string;
}

export type EmulatorRequest =
  | { id: number; op: "create-and-pay"; orders: NewInvoiceOrder[] }
  | { id: number; op: "pay"; uuids: string[] };

export type EmulatorReply =
  { id: number; ok: true; invoices: PaidInvoice[] } | { id: number; ok: false; error: string };

const {
  CRYPTOCLOUD_API_KEY: apiKey = "",
  CRYPTOCLOUD_SHOP_ID: shopId = "",
  CRYPTOCLOUD_SECRET_KEY: secretKey = "",
} = process.env;
const emulator = await startCryptoCloudEmulator({ apiKey, shopId, secretKey });

async function createInvoice(order: NewInvoiceOrder) {
  const response = await fetch(`${emulator.apiBase}/invoice/create`, {
    method: "POST",
    headers: { Authorization: `Token ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      shop_id: shopId,
      amount: order.amount,
      currency: order.currency,
      order_id: order.orderId,
      email: order.email,
      add_fields: {
        time_to_pay: { hours: Math.floor(order.expiresInMinutes / 60), minutes: order.expiresInMinutes % 60 },
      },
    }),
  });
  const reply = (await response.json()) as {
    status: string;
    result: { uuid: string; link: string; expiry_date?: string };
  };
  if (reply.status !== "success") throw new Error(`invoice/create refused: ${JSON.stringify(reply.result)}`);
  return reply.result;
}

async function payAndBuild(uuid: string): Promise<Omit<PaidInvoice, "link" | "expiryDate">> {
  await emulator.pay(uuid, "full"); // no postbackUrl: nothing is sent
  const postback = await emulator.buildPostback(uuid);
  return { uuid, body: postback.body, contentType: postback.contentType };
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function handle(request: EmulatorRequest): Promise<PaidInvoice[]> {
  if (request.op === "create-and-pay") {
    return mapLimit(request.orders, 8, async (order) => {
      const created = await createInvoice(order);
      return { ...(await payAndBuild(created.uuid)), link: created.link, expiryDate: created.expiry_date };
    });
  }
  return mapLimit(request.uuids, 8, async (uuid) => ({
    ...(await payAndBuild(uuid)),
    link: "",
    expiryDate: undefined,
  }));
}

process.on("message", (message: EmulatorRequest) => {
  handle(message).then(
    (invoices) => process.send?.({ id: message.id, ok: true, invoices } satisfies EmulatorReply),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: String(error) } satisfies EmulatorReply),
  );
});
// The parent went away (finished, crashed or was killed): stop too.
process.on("disconnect", () => {
  void emulator.close().finally(() => process.exit(0));
});
process.send?.({ ready: true, apiBase: emulator.apiBase });

import { randomBytes } from "node:crypto";
import type pg from "pg";
import { toDecimalString } from "@/lib/billing/money";
import { newOrderId } from "@/lib/billing/payments/create";
import { startSubscriptionCheckout } from "@/lib/billing/payments/checkout";
import { db } from "@/lib/db";
import { createUser } from "@/lib/users";
import type { EmulatorHandle } from "./emulator";

// Customers with an open invoice, in bulk. The real code path (createUser, then
// startSubscriptionCheckout) costs ~70 ms of argon2 per customer, so it runs once, for a template
// customer; every other customer is a copy of the template's rows (User, Subscription, Payment and
// its events), made in SQL, column for column, with only the identifying values replaced: its ids,
// email, order id and invoice. Whatever columns the schema grows, the copies stay what checkout
// writes, without this file knowing about them.

export interface Template {
  userId: string;
  email: string;
  subscriptionId: string;
  paymentId: string;
  orderId: string;
  providerRef: string;
  paymentUrl: string;
  amount: number;
  currency: string;
  months: number;
  planSlug: string;
}

export interface Fixture {
  userId: string;
  subscriptionId: string;
  paymentId: string;
  orderId: string;
  providerRef: string;
  months: number;
  /** The postback CryptoCloud sends for this payment. */
  body: string;
  contentType: string;
}

const BATCH = 1000;

/** One customer with an open invoice, made by the app's own code. */
export async function createTemplate(planSlug = "pro", months: 1 | 12 = 1): Promise<Template> {
  const user = await createUser({
    email: `bench-template-${randomBytes(4).toString("hex")}@example.com`,
    password: "long enough password",
  });
  const checkout = await startSubscriptionCheckout({
    userId: user.id,
    email: user.email,
    planSlug,
    months,
    provider: "cryptocloud",
  });
  if (checkout.kind !== "redirect") throw new Error(`template checkout: ${JSON.stringify(checkout)}`);
  const payment = await db.payment.findUniqueOrThrow({ where: { orderId: checkout.orderId } });
  const subscription = await db.subscription.findUniqueOrThrow({ where: { userId: user.id } });
  if (!payment.providerRef || !payment.paymentUrl || !payment.months) {
    throw new Error("template checkout left no invoice");
  }
  return {
    userId: user.id,
    email: user.email,
    subscriptionId: subscription.id,
    paymentId: payment.id,
    orderId: payment.orderId,
    providerRef: payment.providerRef,
    paymentUrl: payment.paymentUrl,
    amount: payment.amount,
    currency: payment.currency,
    months: payment.months,
    planSlug,
  };
}

/** A cuid-shaped id ("c" + 24 base-36 characters), as Prisma's @default(cuid()) makes. */
export function newId(): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  return `c${Array.from(randomBytes(24), (byte) => alphabet[byte % 36]).join("")}`;
}

function invoiceCode(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(randomBytes(10), (byte) => alphabet[byte % 36]).join("");
}

export type InvoiceSource =
  /** Real invoices in the emulator, paid in full; the postbacks are the emulator's. */
  | { kind: "emulator"; emulator: EmulatorHandle }
  /** No provider (the SQL ceiling): invented references, postback bodies of the same shape and size. */
  | { kind: "synthetic"; sampleBody: string; sampleCode: string; contentType: string };

type Slot = "userId" | "email" | "subscriptionId" | "paymentId" | "orderId" | "providerRef" | "paymentUrl";
type Row = Record<Slot, string>;

export async function createFixtures(
  pool: pg.Pool,
  template: Template,
  count: number,
  tag: string,
  source: InvoiceSource,
): Promise<Fixture[]> {
  const rows: (Row & { body: string; contentType: string })[] = [];
  const base = () => ({
    userId: newId(),
    subscriptionId: newId(),
    paymentId: newId(),
    orderId: newOrderId(),
    email: `bench-${tag}-${randomBytes(6).toString("hex")}@example.com`,
  });
  if (source.kind === "emulator") {
    for (let start = 0; start < count; start += 500) {
      const slice = Array.from({ length: Math.min(500, count - start) }, base);
      const invoices = await source.emulator.createAndPay(
        slice.map((row) => ({
          orderId: row.orderId,
          amount: toDecimalString(template.amount, template.currency),
          currency: template.currency,
          email: row.email,
          expiresInMinutes: 60,
        })),
      );
      slice.forEach((row, index) => {
        const invoice = invoices[index];
        if (!invoice) throw new Error("the emulator returned fewer invoices than asked for");
        rows.push({
          ...row,
          providerRef: invoice.uuid,
          paymentUrl: invoice.link,
          body: invoice.body,
          contentType: invoice.contentType,
        });
      });
    }
  } else {
    for (let index = 0; index < count; index++) {
      const code = invoiceCode();
      rows.push({
        ...base(),
        providerRef: `INV-${code}`,
        paymentUrl: `http://127.0.0.1/pay/${code}`,
        body: source.sampleBody.replaceAll(source.sampleCode, code),
        contentType: source.contentType,
      });
    }
  }

  const replacements = new Map<string, Slot>([
    [template.userId, "userId"],
    [template.email, "email"],
    [template.subscriptionId, "subscriptionId"],
    [template.paymentId, "paymentId"],
    [template.orderId, "orderId"],
    [template.providerRef, "providerRef"],
    [template.paymentUrl, "paymentUrl"],
  ]);
  const client = await pool.connect();
  try {
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      await client.query("BEGIN");
      await cloneRows(client, "User", "id", template.userId, "userId", replacements, batch);
      await cloneRows(
        client,
        "Subscription",
        "userId",
        template.userId,
        "subscriptionId",
        replacements,
        batch,
      );
      await cloneRows(client, "Payment", "id", template.paymentId, "paymentId", replacements, batch);
      await cloneRows(client, "PaymentEvent", "paymentId", template.paymentId, null, replacements, batch);
      await client.query("COMMIT");
    }
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return rows.map((row) => ({
    userId: row.userId,
    subscriptionId: row.subscriptionId,
    paymentId: row.paymentId,
    orderId: row.orderId,
    providerRef: row.providerRef,
    months: template.months,
    body: row.body,
    contentType: row.contentType,
  }));
}

/** Per database and table: the baseline's database has the columns of its own migrations. */
const columnCache = new Map<string, string[]>();

async function columnsOf(client: pg.PoolClient, table: string): Promise<string[]> {
  const cacheKey = `${client.database ?? ""}.${table}`;
  const cached = columnCache.get(cacheKey);
  if (cached) return cached;
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  const columns = result.rows.map((row) => row.column_name);
  columnCache.set(cacheKey, columns);
  return columns;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * For each template row of `table` (where `column` = `value`), one copy per batch row: `id` from
 * `idSlot` (or a fresh id), every column whose template value is one of `replacements` from the
 * batch row, `createdAt` and `updatedAt` now, every other column as in the template.
 */
async function cloneRows(
  client: pg.PoolClient,
  table: string,
  column: string,
  value: string,
  idSlot: Slot | null,
  replacements: Map<string, Slot>,
  batch: readonly Row[],
): Promise<void> {
  const columns = await columnsOf(client, table);
  const templates = await client.query<Record<string, unknown>>(
    `SELECT * FROM ${quote(table)} WHERE ${quote(column)} = $1`,
    [value],
  );
  if (templates.rows.length === 0) throw new Error(`template has no ${table} row`);
  for (const template of templates.rows) {
    const arrays: string[][] = [];
    const expressions = columns.map((name) => {
      const current = template[name];
      const slot =
        name === "id" ? idSlot : typeof current === "string" ? replacements.get(current) : undefined;
      if (name === "id" && !slot) {
        arrays.push(batch.map(() => newId()));
        return `n.v${arrays.length - 1}`;
      }
      // Fresh, as if made just now: an "old" open payment is the reconcile sweep's to complete.
      if (!slot && (name === "createdAt" || name === "updatedAt")) return `(now() AT TIME ZONE 'UTC')`;
      if (!slot) return `t.${quote(name)}`;
      arrays.push(batch.map((row) => row[slot]));
      return `n.v${arrays.length - 1}`;
    });
    const unnest = arrays.map((_, index) => `$${index + 1}::text[]`).join(", ");
    const names = arrays.map((_, index) => `v${index}`).join(", ");
    await client.query(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")})
       SELECT ${expressions.join(", ")} FROM ${quote(table)} t CROSS JOIN unnest(${unnest}) AS n(${names})
       WHERE t.id = $${arrays.length + 1}`,
      [...arrays, template.id],
    );
  }
}

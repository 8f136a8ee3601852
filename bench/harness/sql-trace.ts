import pg from "pg";
import { addMonths } from "@/lib/billing/calendar";
import { handlePaymentWebhook } from "@/lib/billing/webhooks/handle";
import { db } from "@/lib/db";
import type { EmulatorHandle } from "./emulator";
import { createTemplate, newId } from "./fixtures";
import { pgTimestamp } from "./stats";

// The SQL the app runs per delivery, captured for real: one customer goes through the real
// checkout, and the real webhook pipeline (lib/billing/webhooks/handle.ts, in this process, same
// Prisma client and pg driver as the server) handles its postback twice, once applied and once as
// a duplicate, while every statement node-postgres sends is recorded. Each recorded parameter is
// then turned into a slot (this delivery's id, the payment's id, "now", …) so the ceiling can
// replay exactly those statements, text and parameter types unchanged, on other payments.

export type ReplayKey =
  "deliveryId" | "eventId" | "paymentId" | "userId" | "subscriptionId" | "providerRef" | "body";

export type ParamSpec =
  | { literal: unknown }
  | { key: ReplayKey }
  /** now = the transaction's clock (paidAt, period start); end = now + months; clock = the time of the statement. */
  | { time: "now" | "end" | "clock" }
  /** A string that embeds the period end (the timeline note). */
  | { note: string };

export interface Statement {
  sql: string;
  params: ParamSpec[];
}

export interface DeliveryTrace {
  /** Statements every delivery runs, up to and including reading the payment under its lock. */
  prefix: Statement[];
  /** Where, in the prefix, the payment's status is read: the app decides there. */
  statusAt: { statement: number; column: string };
  /** The rest, when the payment was still pending (the delivery that applies it). */
  applied: Statement[];
  /** The rest, for a redelivery. */
  duplicate: Statement[];
}

export interface CapturedTrace {
  trace: DeliveryTrace;
  /** The raw statements, for the report. */
  statements: { applied: string[]; duplicate: string[] };
  sample: { body: string; code: string; contentType: string };
}

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;
const CUID = /^c[a-z0-9]{24}$/;
const END_PLACEHOLDER = "\u0000END\u0000";

interface Recorded {
  text: string;
  values: unknown[];
}

type QueryFn = (...args: unknown[]) => unknown;

/** Runs `fn` while recording every statement node-postgres sends, from any client in this process. */
async function recordQueries(fn: () => Promise<void>): Promise<Recorded[]> {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const recorded: Recorded[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    if (typeof first === "string")
      recorded.push({ text: first, values: Array.isArray(args[1]) ? args[1] : [] });
    else if (first && typeof first === "object" && "text" in first) {
      const config = first as { text: string; values?: unknown[] };
      recorded.push({ text: config.text, values: config.values ?? [] });
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return recorded;
}

function webhookRequest(body: string, contentType: string): Request {
  return new Request("http://127.0.0.1/api/webhook/payment", {
    method: "POST",
    headers: { "content-type": contentType, "user-agent": "bench/webhook-ingestion" },
    body,
  });
}

export async function captureDeliveryTrace(emulator: EmulatorHandle): Promise<CapturedTrace> {
  const customer = await createTemplate();
  const payment = await db.payment.findUniqueOrThrow({ where: { id: customer.paymentId } });
  const user = { id: customer.userId };
  if (!payment.providerRef) throw new Error("trace checkout left no invoice reference");
  const [postback] = await emulator.pay([payment.providerRef]);
  if (!postback) throw new Error("the emulator did not pay the trace invoice");

  const outcomes: string[] = [];
  const deliver = async () => {
    const response = await handlePaymentWebhook(webhookRequest(postback.body, postback.contentType));
    const reply = (await response.json()) as { outcome?: string };
    outcomes.push(`${response.status} ${reply.outcome ?? "?"}`);
  };
  const applied = await recordQueries(deliver);
  const duplicate = await recordQueries(deliver);
  if (outcomes[0] !== "200 applied" || outcomes[1] !== "200 duplicate") {
    throw new Error(`trace deliveries answered ${outcomes.join(", ")}, expected 200 applied, 200 duplicate`);
  }

  // The values this customer's deliveries used, to turn into slots.
  const after = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
  const subscription = await db.subscription.findUniqueOrThrow({ where: { userId: user.id } });
  const deliveries = await db.webhookDelivery.findMany({
    where: { paymentId: payment.id },
    orderBy: { receivedAt: "asc" },
  });
  const event = await db.paymentEvent.findFirstOrThrow({
    where: { paymentId: payment.id, toStatus: "completed" },
  });
  const planIds = new Set((await db.plan.findMany({ select: { id: true } })).map((plan) => plan.id));
  if (!after.paidAt || !subscription.currentPeriodEnd || deliveries.length !== 2) {
    throw new Error("trace delivery did not leave the expected rows");
  }
  const keys = new Map<unknown, ReplayKey>([
    [payment.id, "paymentId"],
    [user.id, "userId"],
    [subscription.id, "subscriptionId"],
    [payment.providerRef, "providerRef"],
    [event.id, "eventId"],
    [postback.body, "body"],
    ...deliveries.map((delivery): [string, ReplayKey] => [delivery.id, "deliveryId"]),
  ]);
  const nowText = pgTimestamp(after.paidAt);
  const endText = pgTimestamp(subscription.currentPeriodEnd);
  const endIso = subscription.currentPeriodEnd.toISOString();
  const knownIds = [...keys.keys()].filter(
    (value): value is string => typeof value === "string" && CUID.test(value),
  );

  const toSpec = (value: unknown, where: string): ParamSpec => {
    const key = keys.get(value);
    if (key) return { key };
    if (typeof value === "string") {
      if (value === nowText) return { time: "now" };
      if (value === endText) return { time: "end" };
      if (TIMESTAMP.test(value)) return { time: "clock" };
      if (value.includes(endIso)) return { note: value.replaceAll(endIso, END_PLACEHOLDER) };
      const leaked = knownIds.find((id) => value.includes(id));
      if (leaked || (CUID.test(value) && !planIds.has(value))) {
        throw new Error(
          `${where}: parameter ${JSON.stringify(value)} is an id the replay does not know how to map`,
        );
      }
    }
    return { literal: value };
  };
  const toStatements = (recorded: Recorded[], label: string): Statement[] =>
    recorded.map((statement, index) => ({
      sql: statement.text,
      params: statement.values.map((value, position) =>
        toSpec(value, `${label} statement ${index + 1} $${position + 1}`),
      ),
    }));
  const a = toStatements(applied, "applied");
  const d = toStatements(duplicate, "duplicate");

  let common = 0;
  while (common < Math.min(a.length, d.length) && a[common]?.sql === d[common]?.sql) common++;
  const statusStatement = a
    .slice(0, common)
    .findIndex(
      (statement) => /^SELECT\b/.test(statement.sql) && statement.sql.includes(`"Payment"."status"`),
    );
  if (statusStatement < 0) throw new Error("could not find where the app reads the payment's status");
  if (!a.some((statement) => statement.sql === "COMMIT")) throw new Error("the applied trace has no COMMIT");

  const bodyPostback = JSON.parse(postback.body) as { invoice_id?: string };
  return {
    trace: {
      prefix: a.slice(0, common),
      statusAt: { statement: statusStatement, column: "status" },
      applied: a.slice(common),
      duplicate: d.slice(common),
    },
    statements: { applied: applied.map((s) => s.text), duplicate: duplicate.map((s) => s.text) },
    sample: { body: postback.body, code: bodyPostback.invoice_id ?? "", contentType: postback.contentType },
  };
}

export interface ReplayTarget {
  paymentId: string;
  userId: string;
  subscriptionId: string;
  providerRef: string;
  body: string;
  months: number;
}

/**
 * One delivery's statements on `client`, deciding applied/duplicate where the app does. Returns
 * what the app would have answered. On an error inside the transaction it rolls back and rethrows.
 */
export async function replayDelivery(
  client: pg.Client,
  trace: DeliveryTrace,
  target: ReplayTarget,
): Promise<"applied" | "duplicate"> {
  const now = new Date();
  const nowText = pgTimestamp(now);
  const end = addMonths(now, target.months);
  const endText = pgTimestamp(end);
  const endIso = end.toISOString();
  const slots: Record<ReplayKey, string> = { ...target, deliveryId: newId(), eventId: newId() };
  const value = (spec: ParamSpec): unknown => {
    if ("literal" in spec) return spec.literal;
    if ("key" in spec) return slots[spec.key];
    if ("note" in spec) return spec.note.replaceAll(END_PLACEHOLDER, endIso);
    return spec.time === "now" ? nowText : spec.time === "end" ? endText : pgTimestamp(new Date());
  };
  let inTransaction = false;
  const run = async (statement: Statement) => {
    const result = await client.query({
      text: statement.sql,
      values: statement.params.map(value),
      rowMode: "array",
    });
    if (statement.sql === "BEGIN") inTransaction = true;
    else if (statement.sql === "COMMIT" || statement.sql === "ROLLBACK") inTransaction = false;
    return result;
  };
  try {
    let status: unknown;
    for (const [index, statement] of trace.prefix.entries()) {
      const result = await run(statement);
      if (index === trace.statusAt.statement) {
        const column = result.fields.findIndex((field) => field.name === trace.statusAt.column);
        status = (result.rows[0] as unknown[] | undefined)?.[column];
      }
    }
    // The app decides twice: a settled-payment check before any transaction (no row: not
    // settled), then again under the row lock, where a concurrent delivery may have won meanwhile.
    const fresh = status === undefined || status === "pending";
    if (!fresh) {
      for (const statement of trace.duplicate) await run(statement);
      return "duplicate";
    }
    for (const statement of trace.applied) {
      const result = await run(statement);
      if (/^SELECT\b/.test(statement.sql) && statement.sql.includes(`"Payment"."status"`) && inTransaction) {
        const column = result.fields.findIndex((field) => field.name === "status");
        const locked = (result.rows[0] as unknown[] | undefined)?.[column];
        if (locked !== undefined && locked !== "pending") {
          await client.query("ROLLBACK");
          inTransaction = false;
          for (const tail of trace.duplicate) await run(tail);
          return "duplicate";
        }
      }
    }
    return "applied";
  } catch (error) {
    if (inTransaction) await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

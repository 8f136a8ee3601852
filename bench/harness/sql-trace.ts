import pg from "pg";
import { addMonths } from "@/lib/billing/calendar";
import { handlePaymentWebhook } from "@/lib/billing/webhooks/handle";
import { processPayments } from "@/lib/billing/webhooks/process";
import { db } from "@/lib/db";
import type { EmulatorHandle } from "./emulator";
import { createTemplate, newId } from "./fixtures";
import { pgTimestamp } from "./stats";

// The SQL the app runs per delivery, captured for real: one customer goes through the real
// checkout, and the real pipeline (lib/billing/webhooks/handle.ts for the request, process.ts for
// the worker, in this process, same Prisma client and pg driver as the server) handles its
// postback: copy 1 and copy 2 are recorded while the payment is pending (both `received`), the
// worker applies the payment (copy 1 applied, copy 2 found settled under the row lock), then copy 3
// arrives for the settled payment (closed as `duplicate` by the recording statement). Every
// statement node-postgres sends is recorded with whether it is named (prepared). Each parameter
// becomes a slot (this delivery's id, the payment's id, "now", …) so the ceiling can replay exactly
// those statements, text and parameter types unchanged, on other payments. It runs before the app
// server starts, so no worker of the server's takes the capture's job.

export type ReplayKey =
  "deliveryId" | "eventId" | "paymentId" | "userId" | "subscriptionId" | "providerRef" | "body";

export type ParamSpec =
  | { literal: unknown }
  | { key: ReplayKey }
  /** A list of one: this delivery's id, where the app passed a list of ids. */
  | { keys: ReplayKey }
  /** now = the business time (paidAt, period start); end = now + months; clock = the time of the statement. */
  | { time: "now" | "end" | "clock" }
  /** A string that embeds the period end (the timeline note). */
  | { note: string };

export interface Statement {
  sql: string;
  params: ParamSpec[];
}

export interface DeliveryTrace {
  /** The request: what every delivery runs. The `outcome` column of its answer decides. */
  request: Statement[];
  /** The worker, per received delivery: up to the locking read, whose `status` column decides. */
  lock: Statement[];
  /** …then, when the payment was still pending: the writing statement and the rest. */
  applied: Statement[];
  /** …or, when another delivery had applied it first: the rest and the delivery's outcome. */
  duplicate: Statement[];
  /** Once per worker batch, before its deliveries (not replayed: the ceiling has no batches). */
  batch: Statement[];
}

export interface RecordedStatement {
  text: string;
  /** The statement's name when it was sent as a named (prepared) statement. */
  name: string | null;
}

export interface CapturedTrace {
  trace: DeliveryTrace;
  /** The raw statements by path, for the report and the statement counts. */
  paths: {
    request: RecordedStatement[];
    settledDuplicate: RecordedStatement[];
    workerBatch: RecordedStatement[];
    workerApplied: RecordedStatement[];
    workerDuplicate: RecordedStatement[];
  };
  sample: { body: string; code: string; contentType: string };
}

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CUID = /^c[a-z0-9]{24}$/;
const END_PLACEHOLDER = "\u0000END\u0000";

interface Recorded {
  text: string;
  name: string | null;
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
      recorded.push({ text: first, name: null, values: Array.isArray(args[1]) ? args[1] : [] });
    else if (first && typeof first === "object" && "text" in first) {
      const config = first as { text: string; name?: string; values?: unknown[] };
      recorded.push({ text: config.text, name: config.name ?? null, values: config.values ?? [] });
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

const isBegin = (sql: string) => /^\s*BEGIN\b/i.test(sql);
const isEnd = (sql: string) => /^\s*(COMMIT|ROLLBACK)\b/i.test(sql);

export async function captureDeliveryTrace(emulator: EmulatorHandle): Promise<CapturedTrace> {
  const customer = await createTemplate();
  const payment = await db.payment.findUniqueOrThrow({ where: { id: customer.paymentId } });
  if (!payment.providerRef) throw new Error("trace checkout left no invoice reference");
  const [postback] = await emulator.pay([payment.providerRef]);
  if (!postback) throw new Error("the emulator did not pay the trace invoice");

  const answers: string[] = [];
  const deliver = async () => {
    const response = await handlePaymentWebhook(webhookRequest(postback.body, postback.contentType));
    const reply = (await response.json()) as { outcome?: string };
    answers.push(`${response.status} ${reply.outcome ?? "?"}`);
  };
  const first = await recordQueries(deliver);
  await recordQueries(deliver); // copy 2: received too, while the payment is pending
  let failures: [string, string | null][] = [];
  const worker = await recordQueries(async () => {
    failures = [...(await processPayments([payment.id], { lastTry: () => false }))].filter(([, e]) => e);
  });
  const settled = await recordQueries(deliver);
  const expected = ["200 received", "200 received", "200 duplicate"];
  if (answers.join() !== expected.join() || failures.length > 0) {
    throw new Error(
      `trace deliveries answered ${answers.join(", ")} (expected ${expected.join(", ")}); worker: ${JSON.stringify(failures)}`,
    );
  }

  // The values this customer's deliveries used, to turn into slots.
  const after = await db.payment.findUniqueOrThrow({ where: { id: payment.id } });
  const subscription = await db.subscription.findUniqueOrThrow({ where: { userId: customer.userId } });
  const deliveries = await db.webhookDelivery.findMany({
    where: { paymentId: payment.id },
    orderBy: { receivedAt: "asc" },
  });
  const event = await db.paymentEvent.findFirstOrThrow({
    where: { paymentId: payment.id, toStatus: "completed" },
  });
  const planIds = new Set((await db.plan.findMany({ select: { id: true } })).map((plan) => plan.id));
  const outcomes = deliveries.map((delivery) => delivery.outcome).join(",");
  if (!after.paidAt || !subscription.currentPeriodEnd || outcomes !== "applied,duplicate,duplicate") {
    throw new Error(`trace deliveries left ${outcomes}, expected applied,duplicate,duplicate`);
  }
  const keys = new Map<unknown, ReplayKey>([
    [payment.id, "paymentId"],
    [customer.userId, "userId"],
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
    if (Array.isArray(value) && value.length === 1 && keys.get(value[0])) {
      return { keys: keys.get(value[0]) as ReplayKey };
    }
    if (typeof value === "string") {
      if (value === nowText) return { time: "now" };
      if (value === endText) return { time: "end" };
      if (TIMESTAMP.test(value) || ISO_TIMESTAMP.test(value)) return { time: "clock" };
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

  // The worker's statements: the batch's read, the applying transaction (BEGIN … COMMIT), then
  // what closes copy 2: its own transaction that finds the payment settled under the lock, or a
  // statement that closes such copies together without one.
  const b1 = worker.findIndex((statement) => isBegin(statement.text));
  const c1 = worker.findIndex((statement, index) => index > b1 && isEnd(statement.text));
  if (b1 < 0 || c1 < 0) throw new Error("no applying transaction in the worker's statements");
  const tx1 = worker.slice(b1, c1 + 1);
  const rest = worker.slice(c1 + 1);
  let common = 2; // BEGIN and the locking read
  if (rest[0] && isBegin(rest[0].text)) {
    common = 0;
    while (common < Math.min(tx1.length, rest.length) && tx1[common]?.text === rest[common]?.text) common++;
  }
  const w = toStatements(worker, "worker");
  const commit = w[c1] as Statement;
  const batch = worker.slice(0, b1);
  const closing = w.slice(c1 + 1);

  const strip = (recorded: Recorded[]): RecordedStatement[] =>
    recorded.map(({ text, name }) => ({ text, name }));
  const bodyPostback = JSON.parse(postback.body) as { invoice_id?: string };
  return {
    trace: {
      request: toStatements(first, "request"),
      lock: w.slice(b1, b1 + common),
      applied: w.slice(b1 + common, c1 + 1),
      // In the replay, a copy that finds the payment settled ends its transaction and is closed.
      duplicate: rest[0] && isBegin(rest[0].text) ? closing.slice(common) : [commit, ...closing],
      batch: w.slice(0, b1),
    },
    paths: {
      request: strip(first),
      settledDuplicate: strip(settled),
      workerBatch: strip(batch),
      workerApplied: strip(tx1),
      workerDuplicate: strip(rest),
    },
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
 * One delivery's statements on `client`, the request's and then, when it was recorded as
 * `received`, the worker's, at once (no queue, no batch), deciding where the app does. Returns what
 * the delivery ended as. On an error inside the transaction it rolls back and rethrows.
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
    if ("keys" in spec) return [slots[spec.keys]];
    if ("note" in spec) return spec.note.replaceAll(END_PLACEHOLDER, endIso);
    return spec.time === "now" ? nowText : spec.time === "end" ? endText : pgTimestamp(new Date());
  };
  let inTransaction = false;
  /** Runs the statements; returns the last value seen in `column`, if any statement returned it. */
  const run = async (statements: Statement[], column?: string) => {
    let seen: unknown;
    for (const statement of statements) {
      const result = await client.query({
        text: statement.sql,
        values: statement.params.map(value),
        rowMode: "array",
      });
      if (isBegin(statement.sql)) inTransaction = true;
      else if (/^\s*(COMMIT|ROLLBACK)\b/i.test(statement.sql)) inTransaction = false;
      const index = column ? result.fields.findIndex((field) => field.name === column) : -1;
      if (index >= 0) seen = (result.rows[0] as unknown[] | undefined)?.[index];
    }
    return seen;
  };
  try {
    const recorded = await run(trace.request, "outcome");
    if (recorded === "duplicate") return "duplicate";
    if (recorded !== "received") throw new Error(`the recording statement answered ${String(recorded)}`);
    const status = await run(trace.lock, "status");
    if (status === "pending") {
      await run(trace.applied);
      return "applied";
    }
    await run(trace.duplicate);
    return "duplicate";
  } catch (error) {
    if (inTransaction) await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { POST } from "@/app/api/v1/operations/route";
import { pgTimestamp } from "./stats";

// The SQL of `POST /api/v1/operations`, captured for real: the route handler (apiRoute: key,
// scope, body; then chargeOperationFor) runs in this process on the same Prisma client and pg
// driver as the server, and every statement node-postgres sends is recorded with its name (a
// named statement is prepared: planned once per connection). The charge statement is then kept
// with its parameters as slots (customer, idempotency key, request hash, fresh ids, now), so the
// raw-SQL replay runs exactly that statement on other wallets, without Next, HTTP or Prisma.

export interface RecordedStatement {
  role: string;
  text: string;
  name: string | null;
}

type Slot = "userId" | "idempotencyKey" | "requestHash" | "uuid" | "now";
type Param =
  { literal: unknown } | { slot: Exclude<Slot, "now"> } | { slot: "now"; as: "date" | "pg" | "iso" };

export interface ChargeStatement {
  text: string;
  name: string | null;
  params: Param[];
}

export interface CapturedCharge {
  /** A charge through a key used for the first time (its lastUsedAt written), then the next one. */
  first: RecordedStatement[];
  steady: RecordedStatement[];
  charge: ChargeStatement;
}

/** What each of the route's statements is for, from its text. */
export function roleOf(sql: string): string {
  if (/^\s*WITH t AS/i.test(sql)) return "charge (lock wallet, claim key, debit, ledger entry)";
  if (/FROM "ApiKey"/.test(sql)) return "auth: API key lookup";
  if (/UPDATE "ApiKey"/.test(sql)) return "auth: lastUsedAt (at most once a minute)";
  if (/"User"/.test(sql)) return "customer lookup (requireCustomer)";
  if (/"OperationType"/.test(sql)) return "read back: operation type";
  if (/"Operation"/.test(sql)) return "read back: operation";
  return "app: other";
}

type QueryFn = (...args: unknown[]) => unknown;

async function record(fn: () => Promise<void>): Promise<(RecordedStatement & { values: unknown[] })[]> {
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const recorded: (RecordedStatement & { values: unknown[] })[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const config =
      typeof first === "string"
        ? { text: first, values: Array.isArray(args[1]) ? (args[1] as unknown[]) : [] }
        : (first as { text: string; name?: string; values?: unknown[] });
    recorded.push({
      role: roleOf(config.text),
      text: config.text,
      name: config.name ?? null,
      values: config.values ?? [],
    });
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return recorded;
}

/** The route's request for one charge, as the benchmark sends it over HTTP. */
export function chargeRequestBody(userId: string, type: string, idempotencyKey: string): string {
  return JSON.stringify({ customer: { id: userId }, type, idempotencyKey });
}

/** What chargeOperationFor binds an idempotency key to (lib/api/v1-handlers.ts), hashed as it stores it. */
function requestHash(userId: string, type: string): string {
  return createHash("sha256")
    .update(JSON.stringify([{ id: userId }, type, false]))
    .digest("hex");
}

/** A DateTime as Prisma's adapter sends it (UTC, stats.ts pgTimestamp), or lib/db.ts query() (ISO). */
const PG_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Two charges for `userId` through the route handler, in this process, with their statements. */
export async function captureCharge(apiKey: string, userId: string, type: string): Promise<CapturedCharge> {
  const charge = async (idempotencyKey: string) => {
    let status = 0;
    const recorded = await record(async () => {
      const request = new Request("http://127.0.0.1/api/v1/operations", {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: chargeRequestBody(userId, type, idempotencyKey),
      });
      const response = await POST(request, { params: Promise.resolve({}) });
      status = response.status;
      await response.text();
    });
    if (status !== 201) throw new Error(`the captured charge answered ${status}, not 201`);
    return recorded;
  };
  const first = await charge(`capture-1-${randomUUID()}`);
  const idempotencyKey = `capture-2-${randomUUID()}`;
  const steady = await charge(idempotencyKey);
  const statement = steady.find((s) => s.role.startsWith("charge"));
  if (!statement) throw new Error("no charge statement among the captured ones");
  const hash = requestHash(userId, type);
  const params = statement.values.map((value): Param => {
    if (value === userId) return { slot: "userId" };
    if (value === idempotencyKey) return { slot: "idempotencyKey" };
    if (value === hash) return { slot: "requestHash" };
    if (typeof value === "string" && UUID.test(value)) return { slot: "uuid" };
    if (value instanceof Date) return { slot: "now", as: "date" };
    if (typeof value === "string" && PG_TIMESTAMP.test(value)) return { slot: "now", as: "pg" };
    if (typeof value === "string" && ISO_TIMESTAMP.test(value)) return { slot: "now", as: "iso" };
    return { literal: value };
  });
  const strip = (list: typeof steady) => list.map(({ role, text, name }) => ({ role, text, name }));
  return {
    first: strip(first),
    steady: strip(steady),
    charge: { text: statement.text, name: statement.name, params },
  };
}

/** The charge statement alone on `client`, for one wallet; true when it charged. */
export async function replayCharge(
  client: pg.Client,
  charge: ChargeStatement,
  userId: string,
  type: string,
  idempotencyKey: string,
): Promise<boolean> {
  const now = new Date();
  const slots: Record<Exclude<Slot, "uuid" | "now">, string> = {
    userId,
    idempotencyKey,
    requestHash: requestHash(userId, type),
  };
  const values = charge.params.map((param) => {
    if ("literal" in param) return param.literal;
    if (param.slot === "uuid") return randomUUID();
    if (param.slot === "now")
      return param.as === "date" ? now : param.as === "pg" ? pgTimestamp(now) : now.toISOString();
    return slots[param.slot];
  });
  const result = await client.query<{ operation_id: string | null }>({
    ...(charge.name ? { name: charge.name } : {}),
    text: charge.text,
    values,
  });
  return Boolean(result.rows[0]?.operation_id);
}

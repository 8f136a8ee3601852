// The CryptoCloud API v2 routes the app's adapter calls: create, merchant/info, merchant/canceled.
// Every call is recorded, then may suffer a queued failure (failNext), then is authenticated,
// validated and answered with CryptoCloud's envelope {"status":"success"|"error","result":…}.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorCore } from "./core";
import { EmulatorStateError } from "./model";
import { headerRecord, parseJson, readBody, sendJson } from "./http";
import { isFiatCurrency, parseCents } from "./money";
import { createResult, invoiceView } from "./wire";

interface Reply {
  status: number;
  body: unknown;
}

const success = (result: unknown): Reply => ({ status: 200, body: { status: "success", result } });
// Error bodies as the docs show them: {"status":"error","result":{"validate_error":"…"}}.
const invalid = (message: string, status = 400): Reply => ({
  status,
  body: { status: "error", result: { validate_error: message } },
});

const createSchema = z.object({
  shop_id: z.string().min(1),
  amount: z.union([z.number(), z.string()]),
  currency: z.string().optional(),
  order_id: z.union([z.string(), z.number()]).nullish(),
  email: z.string().nullish(),
  add_fields: z
    .object({
      time_to_pay: z
        .object({ hours: z.number().int().min(0).optional(), minutes: z.number().int().min(0).optional() })
        .optional(),
    })
    .nullish(),
});
const infoSchema = z.object({ uuids: z.array(z.string()).max(100, "At most 100 uuids per request") });
const cancelSchema = z.object({ uuid: z.string().min(1) });

export async function handleApi(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, url: URL) {
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  core.requests.push({
    method: req.method ?? "GET",
    path: url.pathname,
    headers: headerRecord(req),
    body: raw === "" ? undefined : parsed.ok ? parsed.value : raw,
  });

  const failure = core.faults.take();
  if (failure === "500") {
    sendJson(res, 500, { status: "error", result: { server: "Internal server error (emulated)" } });
    return;
  }
  const reply = answer(core, req, url, parsed);
  if (failure === "timeout") {
    // The call takes effect now; only the reply is late, like an upstream that commits and then
    // stalls. A client that gives up must reconcile (e.g. find the invoice by order id later).
    core.timers.replyLate(res, () => sendJson(res, reply.status, reply.body));
    return;
  }
  sendJson(res, reply.status, reply.body);
}

function answer(core: EmulatorCore, req: IncomingMessage, url: URL, parsed: ReturnType<typeof parseJson>) {
  if (req.method !== "POST") return invalid("Method not allowed", 405);
  // Docs: `Authorization: Token <API KEY>`; refusal body {"result":{"authorization":"…"}}.
  const [scheme, token] = (req.headers.authorization ?? "").split(" ");
  if (scheme?.toLowerCase() !== "token" || token !== core.options.apiKey) {
    return { status: 401, body: { status: "error", result: { authorization: "Unauthorized request." } } };
  }
  if (!parsed.ok) return invalid("Request body is not valid JSON");
  switch (url.pathname) {
    case "/v2/invoice/create":
      return create(core, parsed.value);
    case "/v2/invoice/merchant/info":
      return info(core, parsed.value);
    case "/v2/invoice/merchant/canceled":
      return cancel(core, parsed.value);
    default:
      return invalid(`Unknown method ${url.pathname}`, 404);
  }
}

function create(core: EmulatorCore, body: unknown): Reply {
  const input = createSchema.safeParse(body);
  if (!input.success) return invalid(describe(input.error));
  const { shop_id, amount, currency = "USD", order_id, email, add_fields } = input.data;
  if (shop_id !== core.options.shopId) return invalid("Shop not found");
  const cents = parseCents(amount);
  if (cents === null) return invalid("amount must be a positive number");
  const fiat = currency.toUpperCase();
  if (!isFiatCurrency(fiat)) return invalid(`Currency ${currency} is not supported`);
  const ttp = add_fields?.time_to_pay;
  const lifetimeMs = ttp ? ((ttp.hours ?? 0) * 60 + (ttp.minutes ?? 0)) * 60_000 : 24 * 3_600_000;
  if (lifetimeMs <= 0) return invalid("time_to_pay must be at least one minute");
  const invoice = core.store.create({
    shopId: shop_id,
    orderId: order_id == null ? null : String(order_id),
    email: email || null,
    cents,
    currency: fiat,
    lifetimeMs,
  });
  return success(createResult(invoice, core.wire));
}

/** Unknown uuids are left out of `result` rather than failing the whole batch. */
function info(core: EmulatorCore, body: unknown): Reply {
  const input = infoSchema.safeParse(body);
  if (!input.success) return invalid(describe(input.error));
  const found = input.data.uuids.flatMap((id) => core.store.get(id) ?? []);
  return success(found.map((invoice) => invoiceView(invoice, core.wire)));
}

function cancel(core: EmulatorCore, body: unknown): Reply {
  const input = cancelSchema.safeParse(body);
  if (!input.success) return invalid("uuid is required"); // the docs' wording
  try {
    core.store.cancel(input.data.uuid);
    return success(["ok"]); // docs: {"status":"success","result":["ok"]}
  } catch (error) {
    if (error instanceof EmulatorStateError) return invalid(error.message);
    throw error;
  }
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "Invalid request";
}

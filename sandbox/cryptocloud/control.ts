// Control endpoints under /_emulator: the programmatic handle's operations over HTTP, for
// Playwright (which drives a separate process) and for manual demos with curl. They live
// outside /v2 so they can never be mistaken for CryptoCloud's API and are not recorded as calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { handleFailNext, sendStateError } from "../control";
import type { EmulatorCore } from "./core";
import { parseJson, readBody, sendJson } from "./http";

const paySchema = z.object({ how: z.string().min(1).optional() });

export async function handleControl(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const parsed = parseJson(await readBody(req));
  if (!parsed.ok) return sendJson(res, 400, { error: "body is not valid JSON" });
  const body = parsed.value;
  const [, , resource, code, action] = url.pathname.split("/"); // "", "_emulator", …
  const route = `${req.method ?? "GET"} ${resource ?? ""}${action === undefined ? "" : `/:code/${action}`}`;
  try {
    switch (route) {
      case "GET invoices":
        return sendJson(res, 200, code === undefined ? core.store.list() : core.requireInvoice(code));
      case "POST invoices/:code/pay": {
        const input = paySchema.safeParse(body);
        if (!input.success)
          return sendJson(res, 400, { error: 'expected {"how": "full"|"part"|"over"|"12.34"}' });
        return sendJson(res, 200, await core.pay(code ?? "", input.data.how));
      }
      case "POST invoices/:code/expire":
        return sendJson(res, 200, { invoice: core.store.expire(code ?? "") });
      case "POST invoices/:code/postback":
        // Re-sends the postback for the current state, e.g. to test duplicate deliveries.
        return sendJson(res, 200, {
          invoice: core.requireInvoice(code ?? ""),
          postbackStatus: await core.notify(code ?? ""),
        });
      case "POST fail-next":
        return handleFailNext(res, core.faults, body);
      default:
        return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
    }
  } catch (error) {
    sendStateError(res, error);
  }
}

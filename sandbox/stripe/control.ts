// Control endpoints under /_emulator: the programmatic handle's operations over HTTP, for
// Playwright (which drives a separate process) and for manual demos with curl. They live
// outside /v1 so they can never be mistaken for Stripe's API and are not recorded as calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { EmulatorStateError, handleFailNext, sendStateError } from "../control";
import type { StripeCore } from "./core";
import { parseJson, readBody, safeDecode, sendJson } from "./http";

const settleSchema = z.object({ outcome: z.enum(["succeeded", "failed"]) });

export async function handleControl(
  core: StripeCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const parsed = parseJson(await readBody(req));
  if (!parsed.ok) return sendJson(res, 400, { error: "body is not valid JSON" });
  const [, , resource, id, action] = url.pathname.replace(/\/$/, "").split("/").map(safeDecode); // "", "_emulator", …
  const route = `${req.method ?? "GET"} ${resource ?? ""}${id === undefined ? "" : "/:id"}${action === undefined ? "" : `/${action}`}`;
  const sessionId = id ?? "";
  try {
    switch (route) {
      case "GET sessions":
        return sendJson(res, 200, core.sessions.list());
      case "GET sessions/:id":
        return sendJson(res, 200, core.sessions.get(sessionId) ?? notFound(sessionId));
      case "POST sessions/:id/pay":
        return sendJson(res, 200, await core.pay(sessionId));
      case "POST sessions/:id/pay-async":
        return sendJson(res, 200, await core.payAsync(sessionId));
      case "POST sessions/:id/settle": {
        const input = settleSchema.safeParse(parsed.value);
        if (!input.success)
          return sendJson(res, 400, { error: 'expected {"outcome": "succeeded"|"failed"}' });
        return sendJson(res, 200, await core.settle(sessionId, input.data.outcome));
      }
      case "POST sessions/:id/expire":
        return sendJson(res, 200, await core.expire(sessionId));
      case "GET events":
        return sendJson(
          res,
          200,
          core.webhooks.log.list().map(({ body, ...event }) => ({ ...event, data: dataOf(body) })),
        );
      case "POST events/:id/resend":
        // Same id and body under a fresh signature timestamp: a duplicate delivery.
        return sendJson(res, 200, { eventId: id, eventStatus: await core.webhooks.resend(id ?? "") });
      case "GET refunds":
        return sendJson(res, 200, core.refunds);
      case "POST fail-next":
        return handleFailNext(res, core.faults, parsed.value);
      default:
        return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
    }
  } catch (error) {
    sendStateError(res, error);
  }
}

function notFound(id: string): never {
  throw new EmulatorStateError(`No such checkout.session: '${id}'`, "not-found");
}

function dataOf(body: string): unknown {
  return (JSON.parse(body) as { data: unknown }).data;
}

// Control endpoints under /_emulator: the programmatic handle's operations over HTTP, for
// Playwright (which drives a separate process) and for manual demos with curl. They live outside
// /v3 so they can never be mistaken for YooKassa's API and are not recorded as calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { handleFailNext, sendStateError } from "../control";
import type { YooKassaCore } from "./core";
import { parseJson, readBody, safeDecode, sendJson } from "./http";
import { DECLINE_REASONS } from "./model";

const paySchema = z.object({ notify: z.boolean().optional() });
const declineSchema = z.object({
  reason: z.string().default("general_decline"),
  party: z.enum(["merchant", "yoo_kassa", "payment_network"]).optional(),
});
const notifySchema = z.object({
  event: z.enum(["payment.succeeded", "payment.waiting_for_capture", "payment.canceled"]).optional(),
});

export async function handleControl(
  core: YooKassaCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const parsed = parseJson(await readBody(req));
  if (!parsed.ok) return sendJson(res, 400, { error: "body is not valid JSON" });
  const body = parsed.value;
  const [, , resource, id, action] = url.pathname.replace(/\/$/, "").split("/").map(safeDecode); // "", "_emulator", …
  const route = `${req.method ?? "GET"} ${resource ?? ""}${id === undefined ? "" : "/:id"}${action === undefined ? "" : `/${action}`}`;
  const paymentId = id ?? "";
  try {
    switch (route) {
      case "GET payments":
        return sendJson(res, 200, core.store.list());
      case "GET payments/:id":
        return sendJson(res, 200, core.requirePayment(paymentId));
      case "POST payments/:id/pay": {
        const input = paySchema.safeParse(body);
        if (!input.success) return sendJson(res, 400, { error: 'expected {"notify": true|false}' });
        return sendJson(res, 200, await core.pay(paymentId, input.data));
      }
      case "POST payments/:id/decline": {
        const input = declineSchema.safeParse(body);
        if (!input.success) {
          return sendJson(res, 400, {
            error: `expected {"reason": ${Object.keys(DECLINE_REASONS).join("|")}, "party"?: merchant|yoo_kassa|payment_network}`,
          });
        }
        return sendJson(res, 200, await core.decline(paymentId, input.data.reason, input.data.party));
      }
      case "POST payments/:id/notify": {
        // Re-sends the notification for the current state, e.g. to test duplicate deliveries.
        const input = notifySchema.safeParse(body);
        if (!input.success) return sendJson(res, 400, { error: 'expected {"event"?: "payment.…"}' });
        const notificationStatus = await core.notify(paymentId, input.data.event);
        return sendJson(res, 200, { payment: core.requirePayment(paymentId), notificationStatus });
      }
      case "GET refunds":
        return sendJson(res, 200, core.store.listRefunds());
      case "GET notifications":
        return sendJson(
          res,
          200,
          core.notifications.map(({ body: text, ...rest }) => ({
            ...rest,
            body: JSON.parse(text) as unknown,
          })),
        );
      case "POST fail-next":
        return handleFailNext(res, core.faults, body);
      default:
        return sendJson(res, 404, { error: `no control endpoint ${req.method} ${url.pathname}` });
    }
  } catch (error) {
    sendStateError(res, error);
  }
}

// The shared emulator HTTP helpers (sandbox/http.ts), with Stripe's JSON style.
import type { ServerResponse } from "node:http";
import { sendJson as send } from "../http";

export {
  BodyTooLargeError,
  escapeHtml,
  headerRecord,
  parseJson,
  readBody,
  redirect,
  safeDecode,
  sendHtml,
} from "../http";

/** Stripe pretty-prints its JSON (two spaces); kept so clients never depend on compact bodies. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, body, { pretty: true, headers: { "cache-control": "no-cache, no-store", ...headers } });
}

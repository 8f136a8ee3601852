// The hosted Checkout page (`url` in the session), standing in for checkout.stripe.com. Plain
// HTML forms, no JS, no external assets: it works in any browser, and Playwright clicks the
// buttons by role + name: "Pay", "Pay later", "Cancel", "Let it expire" while the session is
// open; "Settle: succeeded" / "Settle: failed" while a delayed payment is pending.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StripeCore } from "./core";
import { escapeHtml, readBody, redirect, sendHtml } from "./http";
import { type EmulatedSession, EmulatorStateError, fillSessionId } from "./model";
import { formatMajor } from "./money";
import { page } from "./page";

const OPEN_ACTIONS = { pay: "Pay", "pay-later": "Pay later", cancel: "Cancel", expire: "Let it expire" };
const SETTLE_ACTIONS = { "settle-succeeded": "Settle: succeeded", "settle-failed": "Settle: failed" };

export async function handleHostedPage(
  core: StripeCore,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  action: string | undefined,
): Promise<void> {
  await readBody(req); // drain the (empty) form body so the keep-alive socket stays usable
  const session = core.sessions.get(id);
  if (!session) return sendHtml(res, 404, page("Session not found", `<p>No session ${escapeHtml(id)}.</p>`));
  if (action === undefined) {
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendHtml(res, 405, page("Method not allowed", ""));
    return sendHtml(res, 200, sessionPage(session));
  }
  if (req.method !== "POST") return sendHtml(res, 405, page("Method not allowed", ""));
  const self = `/c/pay/${session.id}`;
  try {
    switch (action) {
      // The event is awaited before the redirect: like Stripe's, it normally reaches the app
      // before the customer lands on success_url (apps must still not rely on that).
      case "pay":
        await core.pay(id);
        return redirect(res, fillSessionId(session.successUrl, id));
      case "pay-later":
        await core.payAsync(id);
        return redirect(res, fillSessionId(session.successUrl, id));
      case "cancel": // Stripe keeps the session open: the customer may come back to it
        return redirect(res, session.cancelUrl || self);
      case "expire":
        await core.expire(id);
        return redirect(res, session.cancelUrl || self);
      case "settle-succeeded":
      case "settle-failed":
        await core.settle(id, action === "settle-succeeded" ? "succeeded" : "failed");
        return redirect(res, self);
      default:
        return sendHtml(res, 404, page("Unknown action", `<p>${escapeHtml(action)}</p>`));
    }
  } catch (error) {
    if (!(error instanceof EmulatorStateError)) throw error;
    return sendHtml(res, 409, sessionPage(core.sessions.get(id) ?? session, error.message));
  }
}

function sessionPage(session: EmulatedSession, notice?: string): string {
  const form = (action: string, label: string, secondary: boolean) =>
    `<form method="post" action="/c/pay/${session.id}/${action}"><button type="submit"` +
    `${secondary ? ' class="secondary"' : ""}>${label}</button></form>`;
  const actions =
    session.status === "open"
      ? Object.entries(OPEN_ACTIONS).map(([action, label]) => form(action, label, action !== "pay"))
      : session.asyncPayment === "pending"
        ? Object.entries(SETTLE_ACTIONS).map(([action, label]) =>
            form(action, label, action === "settle-failed"),
          )
        : [];
  const amount = (minor: number) =>
    `${formatMajor(minor, session.currency)} ${session.currency.toUpperCase()}`;
  const items = session.lineItems
    .map(
      (item) =>
        `<li><span>${escapeHtml(item.name)}${item.quantity > 1 ? ` × ${item.quantity}` : ""}</span>` +
        `<span>${amount(item.unitAmount * item.quantity)}</span></li>`,
    )
    .join("");
  const rows: [string, string][] = [
    ["Session", session.id],
    ["Status", `${session.status} · ${session.paymentStatus}`],
    ...(session.asyncPayment ? [["Delayed payment", session.asyncPayment] as [string, string]] : []),
    ...(session.customerEmail ? [["Email", session.customerEmail] as [string, string]] : []),
    ["Expires", `${new Date(session.expiresAt * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`],
  ];
  const back =
    session.status === "expired" ? session.cancelUrl : fillSessionId(session.successUrl, session.id);
  const body = `
    ${notice ? `<p class="notice" role="alert">${escapeHtml(notice)}</p>` : ""}
    <p class="amount" data-field="amount">${escapeHtml(amount(session.amountTotal))}</p>
    <ul class="items">${items}</ul>
    <dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd data-field="${k.toLowerCase().replace(" ", "-")}">${escapeHtml(v)}</dd>`).join("")}</dl>
    ${actions.length > 0 ? `<div class="actions">${actions.join("")}</div>` : `<p class="done">${doneText(session)}</p>`}
    ${actions.length === 0 && back ? `<p><a href="${escapeHtml(back)}">Return to the shop</a></p>` : ""}`;
  return page(`Pay ${session.lineItems[0]?.name ?? "order"}`, body);
}

function doneText(session: EmulatedSession): string {
  if (session.status === "expired") return "This Checkout Session is no longer active.";
  if (session.asyncPayment === "failed") return "The delayed payment failed.";
  return session.paymentStatus === "paid" ? "Payment complete." : "Payment pending.";
}

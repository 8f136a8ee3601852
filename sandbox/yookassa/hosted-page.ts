// The confirmation page (`confirmation.confirmation_url`), standing in for YooKassa's checkout.
// Plain HTML forms, no JS, no external assets: it works in any browser, and Playwright clicks the
// buttons by role + name: "Pay", "Decline" (with the reason chosen in "Decline reason") and
// "Leave". Paying or declining notifies the shop (awaited, as YooKassa's notification normally
// reaches it before the buyer does), then sends the buyer to the payment's return_url; "Leave"
// goes back there without paying, the payment still pending.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { YooKassaCore } from "./core";
import { escapeHtml, readBody, redirect, sendHtml } from "./http";
import { DECLINE_REASONS, type EmulatedPayment, EmulatorStateError } from "./model";
import { formatAmount } from "./money";
import { page } from "./page";

export async function handleHostedPage(
  core: YooKassaCore,
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  action: string | undefined,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const payment = core.store.get(id);
  if (!payment) return sendHtml(res, 404, page("Payment not found", `<p>No payment ${escapeHtml(id)}.</p>`));
  if (action === undefined) {
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendHtml(res, 405, page("Method not allowed", ""));
    return sendHtml(res, 200, paymentPage(payment));
  }
  if (req.method !== "POST") return sendHtml(res, 405, page("Method not allowed", ""));
  try {
    switch (action) {
      case "pay":
        await core.pay(id);
        return redirect(res, payment.returnUrl);
      case "decline":
        await core.decline(id, form.get("reason") ?? "general_decline");
        return redirect(res, payment.returnUrl);
      case "leave":
        return redirect(res, payment.returnUrl);
      default:
        return sendHtml(res, 404, page("Unknown action", `<p>${escapeHtml(action)}</p>`));
    }
  } catch (error) {
    if (!(error instanceof EmulatorStateError)) throw error;
    return sendHtml(res, 409, paymentPage(core.store.get(id) ?? payment, error.message));
  }
}

function paymentPage(payment: EmulatedPayment, notice?: string): string {
  const base = `/checkout/${payment.id}`;
  const reasons = Object.keys(DECLINE_REASONS)
    .map((reason) => `<option value="${reason}">${reason}</option>`)
    .join("");
  const actions =
    payment.status === "pending"
      ? `<div class="actions">
      <form method="post" action="${base}/pay"><button type="submit">Pay</button></form>
      <form method="post" action="${base}/decline">
        <label for="reason">Decline reason</label>
        <select id="reason" name="reason">${reasons}</select>
        <button type="submit" class="secondary">Decline</button>
      </form>
      <form method="post" action="${base}/leave"><button type="submit" class="secondary">Leave</button></form>
    </div>`
      : `<p class="done">${doneText(payment)}</p>
    <p><a href="${escapeHtml(payment.returnUrl)}">Return to the shop</a></p>`;
  const rows: [string, string][] = [
    ["Payment", payment.id],
    ["Order", payment.metadata.order_id ?? "—"],
    ["Status", payment.status],
    ...(payment.cancellation
      ? [["Reason", `${payment.cancellation.party}: ${payment.cancellation.reason}`] as [string, string]]
      : []),
  ];
  const body = `
    ${notice ? `<p class="notice" role="alert">${escapeHtml(notice)}</p>` : ""}
    <p class="amount" data-field="amount">${formatAmount(payment.amount)} ${escapeHtml(payment.currency)}</p>
    <dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd data-field="${k.toLowerCase()}">${escapeHtml(v)}</dd>`).join("")}</dl>
    ${actions}`;
  return page(payment.description ?? "Payment", body);
}

function doneText(payment: EmulatedPayment): string {
  switch (payment.status) {
    case "succeeded":
      return "Payment complete.";
    case "waiting_for_capture":
      return "Paid; the shop has yet to capture the payment.";
    case "canceled":
      return "The payment was declined.";
    case "pending":
      return "Waiting for payment.";
  }
}

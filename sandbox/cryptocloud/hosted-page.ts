// The hosted payment page (`link` in the create reply), standing in for pay.cryptocloud.plus.
// Plain HTML forms, no JS, no external assets: it works in any browser and Playwright can click
// the buttons by role + name ("Pay in full", "Pay part", "Overpay", "Let it expire", "Pay the rest").
import type { IncomingMessage, ServerResponse } from "node:http";
import { htmlPage, PAYMENT_PAGE_FOOTER } from "../http";
import type { EmulatorCore } from "./core";
import { escapeHtml, readBody, redirect, sendHtml, withOrderId } from "./http";
import { type EmulatedInvoice, EmulatorStateError } from "./model";

const ACTIONS = { full: "Pay in full", part: "Pay part", over: "Overpay", expire: "Let it expire" };

export async function handleHostedPage(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  code: string,
  action: string | undefined,
): Promise<void> {
  await readBody(req); // drain the (empty) form body so the keep-alive socket stays usable
  const invoice = core.store.get(code);
  if (!invoice)
    return sendHtml(res, 404, page("Invoice not found", `<p>No invoice ${escapeHtml(code)}.</p>`));
  if (action === undefined) {
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendHtml(res, 405, page("Method not allowed", ""));
    return sendHtml(res, 200, invoicePage(invoice, core));
  }
  if (req.method !== "POST") return sendHtml(res, 405, page("Method not allowed", ""));
  try {
    if (action === "expire") {
      const expired = core.store.expire(code);
      const { failUrl } = core.options;
      return redirect(res, failUrl ? withOrderId(failUrl, expired.orderId) : `/pay/${expired.code}`);
    }
    if (action !== "full" && action !== "part" && action !== "over" && action !== "rest") {
      return sendHtml(res, 404, page("Unknown action", `<p>${escapeHtml(action)}</p>`));
    }
    // The postback is awaited before the redirect, as with CryptoCloud's near-instant
    // notification: the app has normally processed it by the time the customer lands back.
    const { invoice: paid } = await core.pay(code, action === "rest" ? "full" : action);
    const { successUrl } = core.options;
    return redirect(res, successUrl ? withOrderId(successUrl, paid.orderId) : `/pay/${paid.code}`);
  } catch (error) {
    if (!(error instanceof EmulatorStateError)) throw error;
    return sendHtml(res, 409, invoicePage(core.store.get(code) ?? invoice, core, error.message));
  }
}

function invoicePage(invoice: EmulatedInvoice, core: EmulatorCore, notice?: string): string {
  const form = (action: string, label: string) =>
    `<form method="post" action="/pay/${invoice.code}/${action}"><button type="submit"` +
    `${action === "expire" ? ' class="secondary"' : ""}>${label}</button></form>`;
  const buttons =
    invoice.status === "created"
      ? Object.entries(ACTIONS).map(([action, label]) => form(action, label))
      : invoice.status === "partial"
        ? [form("rest", "Pay the rest")]
        : [];
  const back = invoice.status === "canceled" ? core.options.failUrl : core.options.successUrl;
  const rows: [string, string][] = [
    ["Invoice", invoice.uuid],
    ["Order", invoice.orderId ?? "—"],
    ["Status", invoice.status],
    ["Received", `${invoice.received} ${invoice.currency}`],
    ["Pay with", invoice.cryptoCurrency],
    ["Expires", `${invoice.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`],
  ];
  const body = `
    ${notice ? `<p class="notice" role="alert">${escapeHtml(notice)}</p>` : ""}
    <p class="amount">${escapeHtml(invoice.amount)} <span>${escapeHtml(invoice.currency)}</span></p>
    <dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd data-field="${k.toLowerCase().replace(" ", "-")}">${escapeHtml(v)}</dd>`).join("")}</dl>
    ${buttons.length > 0 ? `<div class="actions">${buttons.join("")}</div>` : `<p class="done">This invoice is ${invoice.status}.</p>`}
    ${buttons.length === 0 && back && invoice.status !== "partial" ? `<p><a href="${escapeHtml(withOrderId(back, invoice.orderId))}">Return to the shop</a></p>` : ""}`;
  return page(`Invoice ${invoice.uuid}`, body);
}

function page(title: string, body: string): string {
  return htmlPage({
    title,
    site: "CryptoCloud emulator",
    css: CSS,
    brand: "CryptoCloud <small>local emulator</small>",
    body: `${body}\n${PAYMENT_PAGE_FOOTER}`,
  });
}

const CSS = `  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f4f8;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2130; }
  main { width: min(26rem, calc(100vw - 2rem)); background: #fff; border-radius: 16px; padding: 2rem;
    box-shadow: 0 8px 30px rgb(20 24 40 / 0.08); }
  .brand { margin: 0 0 1rem; font-weight: 600; color: #5b4cf0; }
  .brand small { color: #8a8fa3; font-weight: 400; }
  h1 { font-size: 1.1rem; margin: 0 0 0.5rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: 0 0 1rem; }
  .amount span { font-size: 1.1rem; color: #5d6275; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; margin: 0 0 1.5rem; }
  dt { color: #8a8fa3; } dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
  .actions { display: grid; gap: 0.5rem; } form { margin: 0; }
  button { width: 100%; padding: 0.7rem 1rem; border: 0; border-radius: 10px; font: inherit;
    font-weight: 600; background: #5b4cf0; color: #fff; cursor: pointer; }
  button:hover { background: #4a3bdc; }
  button.secondary { background: #eceef5; color: #1d2130; }
  .notice { background: #fff4e5; color: #8a4b00; padding: 0.5rem 0.75rem; border-radius: 8px; }
  .done { font-weight: 600; } a { color: #5b4cf0; }
  footer { margin-top: 1.5rem; font-size: 0.8rem; color: #8a8fa3; }`;

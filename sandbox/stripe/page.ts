// The HTML shell of the hosted Checkout page, in Stripe's colours.
import { htmlPage, PAYMENT_PAGE_FOOTER } from "../http";

export function page(title: string, body: string): string {
  return htmlPage({
    title,
    site: "Stripe Checkout emulator",
    css: CSS,
    brand: "stripe <small>Checkout · local emulator</small>",
    body: `${body}\n${PAYMENT_PAGE_FOOTER}`,
  });
}

const CSS = `  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f6f9fc;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a1f36; }
  main { width: min(26rem, calc(100vw - 2rem)); background: #fff; border-radius: 12px; padding: 2rem;
    box-shadow: 0 8px 30px rgb(50 50 93 / 0.1); }
  .brand { margin: 0 0 1rem; font-weight: 700; color: #635bff; }
  .brand small { color: #8792a2; font-weight: 400; }
  h1 { font-size: 1.05rem; margin: 0 0 0.25rem; color: #4f566b; font-weight: 500; }
  .amount { font-size: 2rem; font-weight: 700; margin: 0 0 1rem; font-variant-numeric: tabular-nums; }
  .items { list-style: none; padding: 0; margin: 0 0 1rem; border-top: 1px solid #e3e8ee; }
  .items li { display: flex; justify-content: space-between; gap: 1rem; padding: 0.5rem 0;
    border-bottom: 1px solid #e3e8ee; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; margin: 0 0 1.5rem; font-size: 0.9rem; }
  dt { color: #8792a2; } dd { margin: 0; overflow-wrap: anywhere; }
  .actions { display: grid; gap: 0.5rem; } form { margin: 0; }
  button { width: 100%; padding: 0.7rem 1rem; border: 0; border-radius: 8px; font: inherit;
    font-weight: 600; background: #635bff; color: #fff; cursor: pointer; }
  button:hover { background: #5145e5; }
  button.secondary { background: #eef0f5; color: #1a1f36; }
  button.secondary:hover { background: #e3e6ee; }
  .notice { background: #fff4e5; color: #8a4b00; padding: 0.5rem 0.75rem; border-radius: 8px; }
  .done { font-weight: 600; } a { color: #635bff; }
  footer { margin-top: 1.5rem; font-size: 0.8rem; color: #8792a2; }`;

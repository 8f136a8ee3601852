// The HTML shell of the emulated confirmation page, in YooKassa's colours.
import { htmlPage, PAYMENT_PAGE_FOOTER } from "../http";

export function page(title: string, body: string): string {
  return htmlPage({
    title,
    site: "YooKassa emulator",
    css: CSS,
    brand: "ЮKassa <small>local emulator</small>",
    body: `${body}\n${PAYMENT_PAGE_FOOTER}`,
  });
}

const CSS = `  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f2f3f5;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f1f1f; }
  main { width: min(26rem, calc(100vw - 2rem)); background: #fff; border-radius: 16px; padding: 2rem;
    box-shadow: 0 8px 30px rgb(0 0 0 / 0.08); }
  .brand { margin: 0 0 1rem; font-weight: 700; color: #0070f0; }
  .brand small { color: #8b8e94; font-weight: 400; }
  h1 { font-size: 1.05rem; margin: 0 0 0.25rem; color: #4a4d52; font-weight: 500; }
  .amount { font-size: 2rem; font-weight: 700; margin: 0 0 1rem; font-variant-numeric: tabular-nums; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; margin: 0 0 1.5rem; font-size: 0.9rem; }
  dt { color: #8b8e94; } dd { margin: 0; overflow-wrap: anywhere; }
  .actions { display: grid; gap: 0.75rem; } form { margin: 0; display: grid; gap: 0.5rem; }
  label { font-size: 0.9rem; color: #4a4d52; }
  select { font: inherit; padding: 0.5rem; border-radius: 8px; border: 1px solid #d5d7db; }
  button { width: 100%; padding: 0.7rem 1rem; border: 0; border-radius: 10px; font: inherit;
    font-weight: 600; background: #0070f0; color: #fff; cursor: pointer; }
  button:hover { background: #005fcc; }
  button.secondary { background: #eceef1; color: #1f1f1f; }
  .notice { background: #fff4e5; color: #8a4b00; padding: 0.5rem 0.75rem; border-radius: 8px; }
  .done { font-weight: 600; } a { color: #0070f0; }
  footer { margin-top: 1.5rem; font-size: 0.8rem; color: #8b8e94; }`;

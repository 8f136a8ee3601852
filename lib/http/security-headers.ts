// The security headers of every answer (issue 17). Two kinds:
// - the Content-Security-Policy of a page, with a fresh nonce per request: proxy.ts builds it and
//   puts it on the request too, where Next reads the nonce and adds it to its own <script> tags
//   (Next's "Content Security Policy" guide). A nonce means the page renders per request; the root
//   layout reads the session cookie, so every page already did.
// - fixed headers (nosniff, referrer, permissions, framing), sent by next.config.ts for everything
//   Next answers and by lib/http/precompressed-static.ts for the files it answers itself.
// No imports: next.config.ts loads this file before the app's path aliases exist.

/** A fresh, unguessable nonce (128 random bits, base64) for one response. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

// The hosted payment pages a checkout sends the browser to. A server action answers a plain form
// submission (one sent before the page's scripts have loaded) with a 303 to that page, and Chrome
// holds redirects of a form submission to `form-action` too, so they must be listed. Telegram's
// deep link (the "link a chat" form) is added from TELEGRAM_DEEP_LINK_BASE.
const PAYMENT_PAGES = ["https://checkout.stripe.com", "https://yoomoney.ru", "https://pay.cryptocloud.plus"];
// The emulators (sandbox/) serve their payment page on the origin of their API.
const API_BASES = ["STRIPE_API_BASE", "YOOKASSA_API_BASE", "CRYPTOCLOUD_API_BASE", "TELEGRAM_DEEP_LINK_BASE"];
const REAL_APIS = new Set([
  "https://api.stripe.com",
  "https://api.yookassa.ru",
  "https://api.cryptocloud.plus",
]);

/** The origins, besides the app's own, that a form submission may end up on. */
export function formTargets(env: Record<string, string | undefined>): string[] {
  const origins = new Set(PAYMENT_PAGES);
  origins.add("https://t.me"); // TELEGRAM_DEEP_LINK_BASE's default
  for (const name of API_BASES) {
    const origin = originOf(env[name]);
    if (origin && !REAL_APIS.has(origin)) origins.add(origin);
  }
  return [...origins];
}

export interface PolicyOptions {
  nonce: string;
  /** Development: React rebuilds server error stacks with eval(). */
  dev: boolean;
  /** APP_URL is https: ask the browser to fetch every subresource over https too. */
  https: boolean;
  formTargets: string[];
}

/** The Content-Security-Policy of one page response. */
export function contentSecurityPolicy(options: PolicyOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': the nonce'd scripts of Next may load the rest of the chunks; 'self' is only
    // for browsers older than CSP 3, which ignore 'strict-dynamic'.
    `script-src 'self' 'nonce-${options.nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    // React (style={...}), recharts and Next's route announcer write style *attributes*, which a
    // nonce cannot cover; and a nonce in this list would switch 'unsafe-inline' off. Styles cannot
    // run code, and the pages hold no secret in an attribute for a selector to probe, so inline
    // styles are allowed: the usual compromise (Next's guide, without nonces).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${options.formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** Headers that are the same for every answer, pages, API and static files alike. */
export const FIXED_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Browser features the app never asks for; a script injected into a page can't either.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  // frame-ancestors' twin for browsers without CSP 2.
  { key: "X-Frame-Options", value: "DENY" },
];

/**
 * Strict-Transport-Security when the app's public URL is https, else nothing: over plain http
 * (development, e2e on 127.0.0.1) the header would be ignored or pin a host that has no TLS.
 * Read per request from APP_URL, not at build time, as the image is built before it is deployed.
 */
export function strictTransportSecurity(appUrl: string | undefined): string | undefined {
  return originOf(appUrl)?.startsWith("https://") ? "max-age=63072000; includeSubDomains" : undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

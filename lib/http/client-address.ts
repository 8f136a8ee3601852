// The client's address, as route handlers learn it. Next gives a handler no socket, and its own
// X-Forwarded-For is the client's when the client sent one, so the address comes from the HTTP
// server Next runs in (scripts/next-server.ts): for every request it works the address out from
// the TCP peer and TRUSTED_PROXIES (lib/http/trusted-proxies.ts), drops any copy of this header the
// client sent, and sets it.

/** Request header carrying the client's address; set only by scripts/next-server.ts. */
export const CLIENT_ADDRESS_HEADER = "x-billing-client-address";

// Marks a process whose requests went through scripts/next-server.ts. Without it (`next start`
// run directly, a test calling a handler) the header may be the client's own: it is not believed.
const SERVED_BY_LAUNCHER = Symbol.for("billing-dashboard.client-address-header");

/**
 * Declares that every request this process serves passed through withClientAddress
 * (lib/http/trusted-proxies.ts). Called once by scripts/next-server.ts before Next starts; tests
 * that build requests carrying the header themselves call it too.
 */
export function trustClientAddressHeader(trusted = true): void {
  (globalThis as Record<symbol, unknown>)[SERVED_BY_LAUNCHER] = trusted;
}

/**
 * The client's IP address (IPv4 dotted, or IPv6 in its RFC 5952 form), or null when unknown: the
 * app was not started through scripts/next-server.ts, the socket was already gone, or a trusted
 * proxy's X-Forwarded-For could not be read. Callers treat null as unknown: an allowlist refuses it.
 */
export function clientAddress(headers: Headers): string | null {
  if ((globalThis as Record<symbol, unknown>)[SERVED_BY_LAUNCHER] !== true) return null;
  return headers.get(CLIENT_ADDRESS_HEADER) || null;
}

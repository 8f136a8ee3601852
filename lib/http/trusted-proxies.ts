import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";
import { CLIENT_ADDRESS_HEADER } from "./client-address";

// Who the client is, from the TCP peer and TRUSTED_PROXIES. Pure: no I/O, no environment; the HTTP
// server (scripts/next-server.ts) calls withClientAddress for every request before Next sees it.
//
// The rule: the peer is the client, unless the peer is a trusted proxy; then X-Forwarded-For is
// read from the right (each proxy appends the address it received the request from), skipping
// trusted proxies, and the first address that is not one is the client. Entries left of it were
// written by the client or by proxies nobody vouches for, so they are never read.

/** A network: its address bytes (4 for IPv4, 16 for IPv6) and prefix length in bits. */
interface Network {
  bytes: Uint8Array;
  prefix: number;
}

/** TRUSTED_PROXIES, parsed once (parseTrustedProxies). */
export type TrustedProxies = readonly Network[];

/**
 * Parses TRUSTED_PROXIES entries ("10.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"). An IPv4-mapped
 * IPv6 network (::ffff:10.0.0.0/104) is the IPv4 network it maps (10.0.0.0/8), since addresses are
 * compared after normalizeAddress. Throws on an entry that is neither an address nor a CIDR.
 */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  return entries.map((entry) => {
    const [address = "", bits, ...rest] = entry.trim().split("/");
    const bytes = ipBytes(address);
    const max = bytes ? bytes.length * 8 : 0;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
    if (!bytes || rest.length > 0 || prefix < 0 || prefix > max) {
      throw new Error(`"${entry}" is not an IP address or CIDR`);
    }
    if (isMapped(bytes) && prefix >= 96) return { bytes: bytes.subarray(12), prefix: prefix - 96 };
    return { bytes, prefix };
  });
}

/** Whether an address (any form normalizeAddress reads) is in one of the trusted networks. */
export function isTrustedProxy(address: string, proxies: TrustedProxies): boolean {
  const normalized = normalizeAddress(address);
  if (normalized === null) return false;
  const bytes = ipBytes(normalized);
  return bytes !== null && proxies.some((network) => contains(network, bytes));
}

/**
 * One address in canonical form, or null when it is not an IP address: IPv4 dotted; IPv6 in its
 * RFC 5952 form (lower case, zeros compressed), IPv4-mapped IPv6 (::ffff:1.2.3.4) as the IPv4
 * address. Accepts what proxies write: "1.2.3.4:5678", "[2001:db8::1]", "[2001:db8::1]:443", and
 * drops an IPv6 zone ("fe80::1%eth0").
 */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  if (bracketed) text = bracketed[1] ?? "";
  else if (withPort) text = withPort[1] ?? "";
  if (text.includes(":") && text.includes("%")) text = text.slice(0, text.indexOf("%"));
  const bytes = ipBytes(text);
  if (!bytes) return null;
  return format(isMapped(bytes) ? bytes.subarray(12) : bytes);
}

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy, the rightmost
 * X-Forwarded-For entry that is not a trusted proxy. When every entry is trusted, the leftmost
 * (the farthest hop known); with no X-Forwarded-For, the peer. Null when the peer is unknown, or
 * when the walk reaches an entry that is not an IP address ("unknown", garbage): what a trusted
 * hop claims there cannot be used, and guessing would let that claim pick the answer.
 */
export function resolveClientAddress(
  peer: string | null | undefined,
  forwardedFor: string | readonly string[] | null | undefined,
  proxies: TrustedProxies,
): string | null {
  let address = normalizeAddress(peer);
  if (address === null || !isTrustedProxy(address, proxies)) return address;
  const entries = (typeof forwardedFor === "string" ? [forwardedFor] : (forwardedFor ?? []))
    .flatMap((value) => value.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (let index = entries.length - 1; index >= 0; index--) {
    address = normalizeAddress(entries[index]);
    if (address === null || !isTrustedProxy(address, proxies)) return address;
  }
  return address;
}

/** The parts of a Node request withClientAddress reads and rewrites. */
export interface RequestLike {
  socket: { remoteAddress?: string | undefined };
  headers: IncomingHttpHeaders;
}

/**
 * Rewrites a request's headers before Next sees it: CLIENT_ADDRESS_HEADER becomes the client's
 * address (removed when unknown, so a client-sent copy never survives); when the peer is not a
 * trusted proxy, X-Forwarded-For becomes the peer's address, so nothing downstream believes a
 * forged one. A trusted proxy's X-Forwarded-For is left as it sent it (the peer's address when it
 * sent none). Returns the address.
 */
export function withClientAddress(request: RequestLike, proxies: TrustedProxies): string | null {
  const headers = request.headers;
  const peer = normalizeAddress(request.socket.remoteAddress);
  const address = resolveClientAddress(peer, headers["x-forwarded-for"], proxies);
  delete headers[CLIENT_ADDRESS_HEADER];
  if (address !== null) headers[CLIENT_ADDRESS_HEADER] = address;
  if (peer === null) delete headers["x-forwarded-for"];
  else if (!isTrustedProxy(peer, proxies)) headers["x-forwarded-for"] = peer;
  else headers["x-forwarded-for"] ??= peer;
  return address;
}

function ipBytes(text: string): Uint8Array | null {
  const version = isIP(text);
  if (version === 4) return Uint8Array.from(text.split(".", 4).map(Number));
  if (version !== 6 || text.includes("%")) return null;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) is the last two groups (::ffff:102:304).
  let rest = text;
  if (rest.includes(".")) {
    const lastColon = rest.lastIndexOf(":");
    const [a = 0, b = 0, c = 0, d = 0] = rest
      .slice(lastColon + 1)
      .split(".")
      .map(Number);
    rest = `${rest.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", compressed] = rest.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = compressed === undefined ? [] : parse(compressed);
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...new Array<number>(Math.max(0, missing)).fill(0), ...right];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    bytes[index * 2] = group >> 8;
    bytes[index * 2 + 1] = group & 0xff;
  });
  return bytes;
}

function isMapped(bytes: Uint8Array): boolean {
  return (
    bytes.length === 16 &&
    bytes.subarray(0, 10).every((byte) => byte === 0) &&
    bytes[10] === 0xff &&
    bytes[11] === 0xff
  );
}

function contains(network: Network, bytes: Uint8Array): boolean {
  if (network.bytes.length !== bytes.length) return false;
  const whole = Math.floor(network.prefix / 8);
  for (let index = 0; index < whole; index++) if (network.bytes[index] !== bytes[index]) return false;
  const bits = network.prefix % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((network.bytes[whole] ?? 0) & mask) === ((bytes[whole] ?? 0) & mask);
}

function format(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from(
    { length: 8 },
    (_, index) => ((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0),
  );
  // RFC 5952: compress the longest run of two or more zero groups (the first, on a tie).
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/**
 * What one client controls, for per-client limits: an IPv4 address, or an IPv6 address's /64 (a
 * single subscriber is routinely handed a whole /64, so counting its addresses one by one would
 * give it 2^64 budgets).
 */
export function addressBlock(address: string): string {
  const bytes = ipBytes(address);
  if (!bytes || bytes.length === 4) return address;
  const network = new Uint8Array(16);
  network.set(bytes.subarray(0, 8));
  return `${format(network)}/64`;
}

import { BlockList, isIP } from "node:net";

// Where YooKassa's notifications may come from. API v3 signs nothing, so the sender's address is
// the only thing that tells YooKassa from a stranger who learned our webhook URL and a payment
// id; whatever such a notification claims is never used anyway (the worker re-fetches the
// payment), but it must not even get us to ask. Matched with node's BlockList, used here as an
// allow list: a network's prefix is honoured bit by bit, and an IPv4 address written as
// IPv4-mapped IPv6 (::ffff:185.71.76.1, what a dual-stack socket reports) is its IPv4 address.

export interface AddressAllowlist {
  /** Whether a notification from this address may be YooKassa's; an unknown address never is. */
  allows(address: string | null): boolean;
}

/** Entries as YOOKASSA_ALLOWED_IPS holds them ("185.71.76.0/27", "77.75.156.11", "2a02:5180::/32"). */
export function addressAllowlist(entries: readonly string[]): AddressAllowlist {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.trim().split("/");
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && !/^\d{1,3}$/.test(bits)) ||
      Number(bits) > max
    ) {
      throw new RangeError(`"${entry}" is not an IP address or CIDR`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return {
    allows(raw) {
      const address = bare(raw);
      if (address === null) return false;
      return list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** The address alone ("[2a02:5180::1]" and a zone suffix dropped), or null when it is not one. */
function bare(raw: string | null): string | null {
  if (!raw) return null;
  let address = raw.trim();
  if (address.startsWith("[") && address.endsWith("]")) address = address.slice(1, -1);
  const zone = address.indexOf("%");
  if (zone !== -1 && address.includes(":")) address = address.slice(0, zone);
  // ::ffff:a.b.c.d as a.b.c.d: BlockList matches it either way; this keeps the rule explicit.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) === 0 ? null : address;
}

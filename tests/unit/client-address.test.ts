import type { IncomingHttpHeaders } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, trustClientAddressHeader } from "@/lib/http/client-address";
import {
  addressBlock,
  isTrustedProxy,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  withClientAddress,
} from "@/lib/http/trusted-proxies";

const none = parseTrustedProxies([]);
const loopback = parseTrustedProxies(["127.0.0.1", "::1"]);
const internal = parseTrustedProxies(["10.0.0.0/8", "192.168.1.0/24", "fd00::/8"]);

function request(remoteAddress: string | undefined, headers: IncomingHttpHeaders = {}) {
  return { socket: { remoteAddress }, headers: { ...headers } };
}

describe("normalizeAddress", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    [" 1.2.3.4 ", "1.2.3.4"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["::FFFF:1.2.3.4", "1.2.3.4"],
    ["::ffff:102:304", "1.2.3.4"],
    ["0:0:0:0:0:ffff:1.2.3.4", "1.2.3.4"],
    ["1.2.3.4:5678", "1.2.3.4"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["::1.2.3.4", "::102:304"],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it.each([
    "",
    "unknown",
    "1.2.3",
    "1.2.3.256",
    "01.2.3.4",
    "1.2.3.4%eth0",
    "2001:db8::g",
    "[1.2.3.4",
    "_hidden",
  ])("%j is not an address", (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });
});

describe("parseTrustedProxies and isTrustedProxy", () => {
  it("matches CIDR edges, IPv4", () => {
    const proxies = parseTrustedProxies(["10.1.2.0/23"]);
    expect(isTrustedProxy("10.1.2.0", proxies)).toBe(true);
    expect(isTrustedProxy("10.1.3.255", proxies)).toBe(true);
    expect(isTrustedProxy("10.1.1.255", proxies)).toBe(false);
    expect(isTrustedProxy("10.1.4.0", proxies)).toBe(false);
  });

  it("matches CIDR edges, IPv6", () => {
    const proxies = parseTrustedProxies(["2001:db8:abcd:12::/63"]);
    expect(isTrustedProxy("2001:db8:abcd:12::", proxies)).toBe(true);
    expect(isTrustedProxy("2001:db8:abcd:13:ffff:ffff:ffff:ffff", proxies)).toBe(true);
    expect(isTrustedProxy("2001:db8:abcd:11:ffff:ffff:ffff:ffff", proxies)).toBe(false);
    expect(isTrustedProxy("2001:db8:abcd:14::", proxies)).toBe(false);
  });

  it("treats a bare address as /32 or /128, /0 as everything of that family", () => {
    expect(isTrustedProxy("127.0.0.1", loopback)).toBe(true);
    expect(isTrustedProxy("127.0.0.2", loopback)).toBe(false);
    expect(isTrustedProxy("::1", loopback)).toBe(true);
    expect(isTrustedProxy("::2", loopback)).toBe(false);
    const all4 = parseTrustedProxies(["0.0.0.0/0"]);
    expect(isTrustedProxy("203.0.113.9", all4)).toBe(true);
    expect(isTrustedProxy("2001:db8::1", all4)).toBe(false);
  });

  it("compares IPv4-mapped addresses and networks as IPv4", () => {
    expect(isTrustedProxy("::ffff:127.0.0.1", loopback)).toBe(true);
    expect(isTrustedProxy("::ffff:10.9.8.7", internal)).toBe(true);
    const mapped = parseTrustedProxies(["::ffff:10.0.0.0/104"]);
    expect(isTrustedProxy("10.200.0.1", mapped)).toBe(true);
    expect(isTrustedProxy("11.0.0.1", mapped)).toBe(false);
  });

  it("ignores host bits of a network and never trusts a non-address", () => {
    const proxies = parseTrustedProxies(["192.168.1.77/24"]);
    expect(isTrustedProxy("192.168.1.1", proxies)).toBe(true);
    expect(isTrustedProxy("unknown", proxies)).toBe(false);
  });

  it.each(["10.0.0.0/33", "::/129", "10.0.0.0/x", "10.0.0.0/8/8", "example.com", "10.0.0.0/"])(
    "rejects %j",
    (entry) => {
      expect(() => parseTrustedProxies([entry])).toThrow(/not an IP address or CIDR/);
    },
  );
});

describe("resolveClientAddress", () => {
  it("is the peer when nothing is trusted", () => {
    expect(resolveClientAddress("203.0.113.9", undefined, none)).toBe("203.0.113.9");
  });

  it("ignores X-Forwarded-For from an untrusted peer", () => {
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6", none)).toBe("203.0.113.9");
    expect(resolveClientAddress("203.0.113.9", "6.6.6.6", internal)).toBe("203.0.113.9");
  });

  it("walks a trusted chain from the right to the first untrusted address", () => {
    // The client forged 6.6.6.6; the edge proxy 10.0.0.1 appended the real client, 198.51.100.7;
    // the inner proxy 192.168.1.5 appended 10.0.0.1 and connected to us.
    expect(resolveClientAddress("192.168.1.5", "6.6.6.6, 198.51.100.7, 10.0.0.1", internal)).toBe(
      "198.51.100.7",
    );
  });

  it("reads repeated X-Forwarded-For headers as one list", () => {
    expect(resolveClientAddress("10.0.0.1", ["6.6.6.6", "198.51.100.7"], internal)).toBe("198.51.100.7");
  });

  it("is the peer when a trusted proxy sent no X-Forwarded-For", () => {
    expect(resolveClientAddress("10.0.0.1", undefined, internal)).toBe("10.0.0.1");
    expect(resolveClientAddress("10.0.0.1", " , ", internal)).toBe("10.0.0.1");
  });

  it("is the leftmost address when the whole chain is trusted", () => {
    expect(resolveClientAddress("10.0.0.1", "10.0.0.9, 192.168.1.5", internal)).toBe("10.0.0.9");
  });

  it("reads IPv6 peers and chains", () => {
    expect(resolveClientAddress("2001:db8::7", "6.6.6.6", internal)).toBe("2001:db8::7");
    expect(resolveClientAddress("fd00::1", "2001:DB8:0:0::42, fd12::3", internal)).toBe("2001:db8::42");
    expect(resolveClientAddress("::1", "[2001:db8::42]:51234", loopback)).toBe("2001:db8::42");
  });

  it("reads IPv4-mapped peers and entries as IPv4", () => {
    expect(resolveClientAddress("::ffff:127.0.0.1", "::ffff:198.51.100.7", loopback)).toBe("198.51.100.7");
    expect(resolveClientAddress("::ffff:203.0.113.9", "6.6.6.6", loopback)).toBe("203.0.113.9");
  });

  it("accepts ports in entries", () => {
    expect(resolveClientAddress("127.0.0.1", "198.51.100.7:40000", loopback)).toBe("198.51.100.7");
  });

  it("is unknown when the walk reaches a malformed entry", () => {
    expect(resolveClientAddress("127.0.0.1", "198.51.100.7, unknown", loopback)).toBeNull();
    expect(resolveClientAddress("127.0.0.1", "198.51.100.7, 999.1.1.1", loopback)).toBeNull();
    expect(resolveClientAddress("127.0.0.1", "198.51.100.7, _proxy, 127.0.0.1", loopback)).toBeNull();
  });

  it("never reads malformed entries left of the client", () => {
    expect(resolveClientAddress("127.0.0.1", "garbage, <script>, 198.51.100.7", loopback)).toBe(
      "198.51.100.7",
    );
  });

  it("is unknown without a peer", () => {
    expect(resolveClientAddress(undefined, "6.6.6.6", loopback)).toBeNull();
  });
});

describe("withClientAddress", () => {
  it("sets the header to a direct peer and overwrites a forged X-Forwarded-For", () => {
    const req = request("::ffff:203.0.113.9", {
      "x-forwarded-for": "6.6.6.6",
      [CLIENT_ADDRESS_HEADER]: "6.6.6.6",
    });
    expect(withClientAddress(req, none)).toBe("203.0.113.9");
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.9");
    expect(req.headers["x-forwarded-for"]).toBe("203.0.113.9");
  });

  it("believes a trusted proxy, and leaves its X-Forwarded-For as sent", () => {
    const req = request("127.0.0.1", { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "1.1.1.1" });
    expect(withClientAddress(req, loopback)).toBe("6.6.6.6");
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("6.6.6.6");
    expect(req.headers["x-forwarded-for"]).toBe("6.6.6.6");
  });

  it("sets X-Forwarded-For to a trusted proxy that sent none", () => {
    const req = request("::ffff:127.0.0.1");
    expect(withClientAddress(req, loopback)).toBe("127.0.0.1");
    expect(req.headers["x-forwarded-for"]).toBe("127.0.0.1");
  });

  it("removes a client-sent header when the address is unknown", () => {
    const req = request("127.0.0.1", { "x-forwarded-for": "unknown", [CLIENT_ADDRESS_HEADER]: "1.1.1.1" });
    expect(withClientAddress(req, loopback)).toBeNull();
    expect(req.headers).not.toHaveProperty(CLIENT_ADDRESS_HEADER);

    const gone = request(undefined, { "x-forwarded-for": "6.6.6.6", [CLIENT_ADDRESS_HEADER]: "1.1.1.1" });
    expect(withClientAddress(gone, loopback)).toBeNull();
    expect(gone.headers).not.toHaveProperty(CLIENT_ADDRESS_HEADER);
    expect(gone.headers).not.toHaveProperty("x-forwarded-for");
  });

  it("sets X-Forwarded-For for an untrusted peer that sent none", () => {
    const req = request("2001:db8::7");
    withClientAddress(req, loopback);
    expect(req.headers["x-forwarded-for"]).toBe("2001:db8::7");
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("2001:db8::7");
  });
});

describe("clientAddress", () => {
  afterEach(() => trustClientAddressHeader(false));

  it("reads the header once the process is served by scripts/next-server.ts", () => {
    trustClientAddressHeader();
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddress(new Headers())).toBeNull();
  });

  it("believes no header otherwise (`next start` run directly)", () => {
    expect(clientAddress(new Headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7" }))).toBeNull();
  });
});

describe("the block a client controls, for its limits", () => {
  it("is an IPv4 address itself", () => {
    expect(addressBlock("203.0.113.7")).toBe("203.0.113.7");
  });

  it("is an IPv6 address's /64, whatever its last 64 bits", () => {
    expect(addressBlock("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("2001:db8:1:2:ffff:ffff:ffff:fffe")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("2001:db8:1:3::1")).not.toBe(addressBlock("2001:db8:1:2::1"));
  });
});

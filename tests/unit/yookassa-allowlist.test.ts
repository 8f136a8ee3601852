import { describe, expect, it } from "vitest";
import { addressAllowlist } from "@/lib/billing/providers/yookassa/allowlist";
import { parseEnv } from "@/lib/env";

// YooKassa's notifications are unsigned: the sender's address is all that sets them apart.

const DEFAULT = parseEnv({ AUTH_SECRET: "x".repeat(32) }).YOOKASSA_ALLOWED_IPS;
const yookassa = addressAllowlist(DEFAULT);

describe("YooKassa's notification addresses", () => {
  it("defaults to the addresses YooKassa publishes", () => {
    expect(DEFAULT).toEqual([
      "185.71.76.0/27",
      "185.71.77.0/27",
      "77.75.153.0/25",
      "77.75.154.128/25",
      "77.75.156.11",
      "77.75.156.35",
      "2a02:5180::/32",
    ]);
  });

  it.each([
    ["185.71.76.0", true],
    ["185.71.76.31", true],
    ["185.71.76.32", false],
    ["185.71.77.17", true],
    ["185.71.78.1", false],
    ["77.75.153.0", true],
    ["77.75.153.127", true],
    ["77.75.153.128", false],
    ["77.75.154.127", false],
    ["77.75.154.128", true],
    ["77.75.154.255", true],
    ["77.75.156.11", true],
    ["77.75.156.12", false],
    ["77.75.156.35", true],
    ["2a02:5180:0:1509::1", true],
    ["2a02:5180:ffff:ffff::1", true],
    ["2a02:5181::1", false],
    ["2001:db8::1", false],
    ["127.0.0.1", false],
    ["10.0.0.1", false],
  ])("%s → %s", (address, allowed) => {
    expect(yookassa.allows(address)).toBe(allowed);
  });

  it("reads an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(yookassa.allows("::ffff:185.71.76.5")).toBe(true);
    expect(yookassa.allows("::FFFF:185.71.76.5")).toBe(true);
    expect(yookassa.allows("::ffff:b947:4c05")).toBe(true); // 185.71.76.5 in hex
    expect(yookassa.allows("::ffff:185.71.76.64")).toBe(false);
  });

  it("accepts an IPv6 address in brackets or with a zone", () => {
    expect(yookassa.allows("[2a02:5180::7]")).toBe(true);
    expect(yookassa.allows("2a02:5180::7%eth0")).toBe(true);
  });

  it("refuses an unknown or unreadable address", () => {
    for (const address of [null, "", "unknown", "185.71.76", "185.71.76.1:443", "999.1.1.1"]) {
      expect(yookassa.allows(address)).toBe(false);
    }
  });

  it("takes a configured list: the emulator's loopback addresses", () => {
    const local = addressAllowlist(["127.0.0.1", "::1"]);
    expect(local.allows("127.0.0.1")).toBe(true);
    expect(local.allows("::ffff:127.0.0.1")).toBe(true);
    expect(local.allows("::1")).toBe(true);
    expect(local.allows("127.0.0.2")).toBe(false);
    expect(local.allows("185.71.76.1")).toBe(false);
  });

  it("honours a prefix bit by bit", () => {
    const list = addressAllowlist(["192.0.2.64/26", "2001:db8:8000::/33"]);
    expect(list.allows("192.0.2.63")).toBe(false);
    expect(list.allows("192.0.2.64")).toBe(true);
    expect(list.allows("192.0.2.127")).toBe(true);
    expect(list.allows("192.0.2.128")).toBe(false);
    expect(list.allows("2001:db8:7fff::1")).toBe(false);
    expect(list.allows("2001:db8:8000::1")).toBe(true);
  });

  it("refuses a list entry that is not an address or a network", () => {
    for (const entry of ["yookassa.ru", "185.71.76.0/33", "2a02:5180::/129", "1.2.3.4/8/1", "1.2.3.4/x"]) {
      expect(() => addressAllowlist([entry])).toThrow(/not an IP address or CIDR/);
    }
  });

  it("is validated at start-up", () => {
    expect(() =>
      parseEnv({ AUTH_SECRET: "x".repeat(32), YOOKASSA_ALLOWED_IPS: "185.71.76.0/27,nope" }),
    ).toThrow(/YOOKASSA_ALLOWED_IPS "nope" is not an IP address or CIDR/);
    expect(
      parseEnv({ AUTH_SECRET: "x".repeat(32), YOOKASSA_ALLOWED_IPS: " 127.0.0.1 , ::1 " })
        .YOOKASSA_ALLOWED_IPS,
    ).toEqual(["127.0.0.1", "::1"]);
  });
});

import { describe, expect, it } from "vitest";
import {
  decodePaymentCursor,
  encodePaymentCursor,
  type PaymentPosition,
} from "@/lib/billing/admin/payment-cursor";
import {
  assertComparableOrder,
  canSortByAmount,
  parsePaymentListParams,
  paymentListSearchParams,
} from "@/lib/billing/admin/payment-query";
import { streamPaymentsCsv } from "@/lib/billing/admin/payments-csv";
import { csvCell, csvLine } from "@/lib/csv";

const DEFAULTS = { sort: "created", dir: "desc", size: 25, back: false };
const amountCursor = encodePaymentCursor({
  sort: "amount",
  amount: 12_900,
  createdAt: new Date("2025-06-01T10:00:00.000Z"),
  id: "cmabc123",
});

describe("admin payments URL parameters", () => {
  it("default to the newest 25, unfiltered", () => {
    expect(parsePaymentListParams({})).toEqual(DEFAULTS);
    expect(parsePaymentListParams(new URLSearchParams(""))).toEqual(DEFAULTS);
  });

  it("parse every valid parameter, normalized", () => {
    expect(
      parsePaymentListParams(
        new URLSearchParams(
          `status=refunded&provider=stripe&plan=pro&purpose=subscription&currency=eur&from=2025-01-01` +
            `&to=2025-01-31&q=%20alice%40example.com%20&sort=amount&dir=asc&size=100&cursor=${amountCursor}&back=1`,
        ),
      ),
    ).toEqual({
      status: "refunded",
      provider: "stripe",
      plan: "pro",
      purpose: "subscription",
      currency: "EUR",
      from: "2025-01-01",
      to: "2025-01-31",
      q: "alice@example.com",
      sort: "amount",
      dir: "asc",
      size: 100,
      cursor: amountCursor,
      back: true,
    });
  });

  it.each([
    ["status", "paid"],
    ["provider", "paypal"],
    ["plan", "Pro Plan!"],
    ["purpose", "donation"],
    ["currency", "EURO"],
    ["from", "2025-02-30"],
    ["to", "2025-13-01"],
    ["from", "yesterday"],
    ["from", "0000-01-01"],
    ["to", "9999-12-31"],
    ["q", ""],
    ["q", "a\u0000b"],
    ["q", "x".repeat(201)],
    ["sort", "email"],
    ["dir", "up"],
    ["size", "30"],
    ["size", "1e2"],
    ["cursor", "not base64!"],
    ["back", "yes"],
  ])("fall back to the default for %s=%j, keeping the other parameters", (name, value) => {
    const parsed = parsePaymentListParams({
      [name]: value,
      provider: name === "provider" ? value : "yookassa",
    });
    expect(parsed).toEqual({ ...DEFAULTS, provider: name === "provider" ? undefined : "yookassa" });
  });

  it("take the first of a repeated parameter", () => {
    expect(parsePaymentListParams({ status: ["failed", "completed"], size: ["50", "100"] })).toMatchObject({
      status: "failed",
      size: 50,
    });
  });

  it("drop a cursor made for another sort order", () => {
    expect(parsePaymentListParams({ cursor: amountCursor, sort: "amount", currency: "USD" }).cursor).toBe(
      amountCursor,
    );
    expect(parsePaymentListParams({ cursor: amountCursor }).cursor).toBeUndefined();
    expect(parsePaymentListParams({ cursor: amountCursor, sort: "status" }).cursor).toBeUndefined();
  });

  it("write back only what differs from the defaults, and read back the same query", () => {
    expect(paymentListSearchParams(parsePaymentListParams({})).toString()).toBe("");
    const query = parsePaymentListParams({
      status: "failed",
      currency: "RUB",
      from: "2025-03-01",
      sort: "amount",
      dir: "desc",
      size: "25",
      cursor: amountCursor,
      back: "1",
    });
    const params = paymentListSearchParams(query);
    expect(params.toString()).toBe(
      `status=failed&currency=RUB&from=2025-03-01&sort=amount&cursor=${amountCursor}&back=1`,
    );
    expect(parsePaymentListParams(params)).toEqual(query);
  });
});

describe("the amount order", () => {
  it("is kept only within one currency", () => {
    expect(canSortByAmount(parsePaymentListParams({ currency: "usd" }))).toBe(true);
    expect(canSortByAmount(parsePaymentListParams({}))).toBe(false);
    expect(parsePaymentListParams({ sort: "amount", dir: "asc", currency: "eur" })).toMatchObject({
      sort: "amount",
      dir: "asc",
      currency: "EUR",
    });
  });

  it("falls back to the default order without a currency, dropping its cursor", () => {
    expect(parsePaymentListParams({ sort: "amount", dir: "asc" })).toEqual(DEFAULTS);
    // A currency that does not parse is no currency: amounts of every currency would be compared.
    expect(parsePaymentListParams({ sort: "amount", currency: "EURO", provider: "stripe" })).toEqual({
      ...DEFAULTS,
      provider: "stripe",
    });
    expect(parsePaymentListParams({ sort: "amount", cursor: amountCursor, back: "1" })).toEqual(DEFAULTS);
  });

  it("is refused by the readers when a query built by hand asks for it across currencies", () => {
    const query = { ...parsePaymentListParams({}), sort: "amount" as const };
    expect(() => assertComparableOrder(query)).toThrow(RangeError);
    expect(() => assertComparableOrder({ ...query, currency: "USD" })).not.toThrow();
    expect(() => streamPaymentsCsv(query, { locale: "en" })).toThrow(RangeError);
  });
});

describe("admin payments cursors", () => {
  it("round-trip a position", () => {
    const position: PaymentPosition = {
      sort: "status",
      status: "refunded",
      createdAt: new Date("2025-06-01T10:00:00.123Z"),
      id: "c1",
    };
    expect(decodePaymentCursor(encodePaymentCursor(position), "status")).toEqual(position);
  });

  it.each([
    ["an amount beyond a 32-bit integer", ["amount", 2 ** 31, "2025-06-01T00:00:00.000Z", "c1"]],
    ["a negative amount", ["amount", -1, "2025-06-01T00:00:00.000Z", "c1"]],
    ["a year PostgreSQL cannot store", ["amount", 1, "0000-01-01T00:00:00.000Z", "c1"]],
    ["a NUL in the id", ["amount", 1, "2025-06-01T00:00:00.000Z", "c\u0000"]],
    ["a missing id", ["amount", 1, "2025-06-01T00:00:00.000Z"]],
    ["a key of the wrong type", ["amount", "12900", "2025-06-01T00:00:00.000Z", "c1"]],
  ])("refuse %s", (_label, tuple) => {
    expect(
      decodePaymentCursor(Buffer.from(JSON.stringify(tuple)).toString("base64url"), "amount"),
    ).toBeNull();
  });

  it("refuse what is not JSON", () => {
    expect(decodePaymentCursor(Buffer.from("{not json").toString("base64url"), "created")).toBeNull();
  });
});

describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1", "'+1"],
    ["-1+2", "'-1+2"],
    ["@cmd", "'@cmd"],
    ["\tx", "'\tx"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    ["a=b", "a=b"],
  ])("%j is written %j", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it("ends each line with CRLF", () => {
    expect(csvLine(["a", null, "b,c"])).toBe('a,,"b,c"\r\n');
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { listPayments, type PaymentListPage } from "@/lib/billing/admin/list-payments";
import { encodePaymentCursor } from "@/lib/billing/admin/payment-cursor";
import { parsePaymentListParams, type PaymentListQuery } from "@/lib/billing/admin/payment-query";
import { streamPaymentsCsv } from "@/lib/billing/admin/payments-csv";
import { db } from "@/lib/db";
import type { PaymentProvider, PaymentPurpose, PaymentStatus } from "@/lib/generated/prisma/enums";

// 60 payments with every sort key tied somewhere: two payments share each timestamp and amount,
// some also their status (so the id decides), amounts and statuses repeat, providers cycle. Expectations are computed from this
// fixture in plain TypeScript and checked against concrete counts, never against the database's
// own ordering.

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse("2025-06-01T00:00:00.000Z");
const STATUS_CYCLE: PaymentStatus[] = [
  "completed",
  "pending",
  "expired",
  "failed",
  "refunded",
  "partially_paid",
  "canceled",
];
/** The enum's declaration order, which is how PostgreSQL sorts it. */
const STATUS_ORDER: PaymentStatus[] = [
  "pending",
  "partially_paid",
  "completed",
  "failed",
  "expired",
  "canceled",
  "refunded",
];
const PROVIDERS: PaymentProvider[] = ["cryptocloud", "stripe", "yookassa"];
const PLANS = ["starter", "pro", "business"];
const AMOUNTS = [12_900, 4_900, 99_000, 12_900];
const EMAILS = ["alice.apq@example.com", "bob.apq@example.com", "carol.apq@example.com"];

interface Fixture {
  id: string;
  orderId: string;
  createdAt: Date;
  email: string | null;
  telegramChatId: string | null;
  purpose: PaymentPurpose;
  plan: string | null;
  months: number | null;
  provider: PaymentProvider;
  providerRef: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
}

const pad = (i: number) => String(i).padStart(2, "0");

function fixtureRow(i: number): Fixture {
  const provider = PROVIDERS[i % 3]!;
  const purpose: PaymentPurpose = i % 5 === 3 ? "product" : i % 5 === 4 ? "topup" : "subscription";
  const bot = purpose === "product" && i % 10 === 3;
  return {
    id: `pay_${pad(i)}`,
    orderId: `ord_fx${pad(i)}aaaaaaaaaaaaaaaa`,
    createdAt: new Date(T0 + Math.floor(i / 2) * 7 * HOUR),
    email: bot ? null : EMAILS[Math.floor(i / 2) % 3]!,
    telegramChatId: bot ? `70000${pad(i)}` : null,
    purpose,
    plan: purpose === "subscription" ? PLANS[Math.floor(i / 3) % 3]! : null,
    months: purpose === "subscription" ? (i % 4 === 0 ? 12 : 1) : null,
    provider,
    providerRef:
      provider === "cryptocloud"
        ? `INV-FX${pad(i)}`
        : provider === "stripe"
          ? `cs_test_fx${pad(i)}`
          : `2f1e0000-0000-4000-8000-0000000000${pad(i)}`,
    amount: AMOUNTS[Math.floor(i / 2) % 4]!,
    currency: provider === "yookassa" ? "RUB" : provider === "stripe" && i % 2 === 1 ? "EUR" : "USD",
    status: STATUS_CYCLE[Math.floor(i / 3) % 7]!,
  };
}

const FIXTURE = Array.from({ length: 60 }, (_, i) => fixtureRow(i));

function compare(sort: PaymentListQuery["sort"], dir: PaymentListQuery["dir"]) {
  const key = (row: Fixture): number =>
    sort === "amount" ? row.amount : sort === "status" ? STATUS_ORDER.indexOf(row.status) : 0;
  const sign = dir === "asc" ? 1 : -1;
  return (a: Fixture, b: Fixture) =>
    sign *
    (key(a) - key(b) ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
const query = (params: Record<string, string> = {}) => parsePaymentListParams(params);

/** Every row, following nextCursor from the first page. */
async function walkForward(start: PaymentListQuery): Promise<PaymentListPage[]> {
  const pages = [await listPayments(start)];
  for (let page = pages[0]!; page.nextCursor;) {
    page = await listPayments({ ...start, cursor: page.nextCursor, back: false });
    pages.push(page);
  }
  return pages;
}

let productId: string;

beforeAll(async () => {
  const users = await Promise.all(
    EMAILS.map((email) => db.user.create({ data: { email, passwordHash: "unusable" } })),
  );
  const plans = await db.plan.findMany({ where: { slug: { in: PLANS } } });
  productId = (await db.product.findFirstOrThrow({ where: { slug: "telegram-course" } })).id;
  await db.payment.createMany({
    data: FIXTURE.map(({ email, plan, ...row }) => ({
      ...row,
      userId: email ? users.find((user) => user.email === email)!.id : null,
      planId: plan ? plans.find((candidate) => candidate.slug === plan)!.id : null,
      productId: row.purpose === "product" ? productId : null,
    })),
  });
});

describe("the admin payments table: sorting and paging", () => {
  it.each([
    ["created", "desc"],
    ["created", "asc"],
    ["status", "desc"],
    ["status", "asc"],
  ] as const)("sorts by %s %s, ties broken by createdAt then id, across pages", async (sort, dir) => {
    const pages = await walkForward(query({ sort, dir }));
    expect(pages.map((page) => page.rows.length)).toEqual([25, 25, 10]);
    expect(pages.flatMap((page) => ids(page.rows))).toEqual(ids([...FIXTURE].sort(compare(sort, dir))));
  });

  it.each([
    ["USD", "desc", [25, 5]],
    ["USD", "asc", [25, 5]],
    ["RUB", "desc", [20]],
    ["EUR", "asc", [10]],
  ] as const)(
    "sorts by amount within one currency (%s, %s), ties broken by createdAt then id, across pages",
    async (currency, dir, sizes) => {
      const pages = await walkForward(query({ sort: "amount", dir, currency }));
      expect(pages.map((page) => page.rows.length)).toEqual(sizes);
      expect(pages.flatMap((page) => ids(page.rows))).toEqual(
        ids(FIXTURE.filter((row) => row.currency === currency).sort(compare("amount", dir))),
      );
    },
  );

  it("never orders amounts of different currencies: without a currency the default order applies", async () => {
    const across = query({ sort: "amount", dir: "asc" });
    expect(across).toMatchObject({ sort: "created", dir: "desc" });
    expect(ids((await listPayments(across)).rows)).toEqual(ids((await listPayments(query())).rows));
    // A query built by hand, past the URL parser, is refused rather than answered in a mixed order.
    await expect(listPayments({ ...query(), sort: "amount" })).rejects.toThrow(RangeError);
  });

  it("puts the newest first by default, the two payments of one instant by id", async () => {
    const page = await listPayments(query());
    expect(ids(page.rows).slice(0, 4)).toEqual(["pay_59", "pay_58", "pay_57", "pay_56"]);
    expect(page.prevCursor).toBeNull();
  });

  it.each<Record<string, string>>([
    { sort: "amount", dir: "desc", currency: "USD" },
    { sort: "status", dir: "asc" },
  ])("pages back to exactly the pages it came through (%j)", async (params) => {
    const start = query(params);
    const forward = await walkForward(start);
    expect(forward.at(-1)!.nextCursor).toBeNull();

    const backward = [forward.at(-1)!];
    for (let page = backward[0]!; page.prevCursor;) {
      page = await listPayments({ ...start, cursor: page.prevCursor, back: true });
      backward.unshift(page);
    }
    expect(backward.map((page) => ids(page.rows))).toEqual(forward.map((page) => ids(page.rows)));
    expect(backward[0]!.prevCursor).toBeNull();
    expect(backward[1]!.nextCursor).toBe(forward[1]!.nextCursor);
  });

  it("shows the last page when paging back without a cursor", async () => {
    const last = await listPayments(query({ back: "1" }));
    const expected = [...FIXTURE].sort(compare("created", "desc")).slice(-25);
    expect(ids(last.rows)).toEqual(ids(expected));
    expect(last.nextCursor).toBeNull();
    expect(last.prevCursor).not.toBeNull();
  });

  it("returns each row with its customer, purpose and money as stored", async () => {
    const page = await listPayments(query({ q: "ord_fx13" }));
    expect(page.rows).toEqual([
      {
        id: "pay_13",
        orderId: "ord_fx13aaaaaaaaaaaaaaaa",
        createdAt: new Date("2025-06-02T18:00:00.000Z"),
        email: null,
        telegramChatId: "7000013",
        purpose: "product",
        planName: null,
        months: null,
        productName: "Course: the paid Telegram channel",
        provider: "stripe",
        amount: 99_000,
        currency: "EUR",
        status: "refunded",
        providerRef: "cs_test_fx13",
      },
    ]);
    const [subscription] = (await listPayments(query({ q: "ord_fx12" }))).rows;
    expect(subscription).toMatchObject({ email: "alice.apq@example.com", planName: "Pro", months: 12 });
  });
});

describe("the admin payments table: filters and search", () => {
  const matching = async (params: Record<string, string>) => {
    const page = await listPayments(query({ ...params, size: "100" }));
    expect(page.total).toEqual({ count: page.rows.length, exact: true });
    return ids(page.rows).sort();
  };
  const expected = (predicate: (row: Fixture) => boolean) => ids(FIXTURE.filter(predicate)).sort();

  it.each([
    [{ status: "refunded" }, (row: Fixture) => row.status === "refunded", 9],
    [{ provider: "yookassa" }, (row: Fixture) => row.provider === "yookassa", 20],
    [{ plan: "pro" }, (row: Fixture) => row.plan === "pro", 11],
    [{ purpose: "topup" }, (row: Fixture) => row.purpose === "topup", 12],
    [{ currency: "eur" }, (row: Fixture) => row.currency === "EUR", 10],
    [
      { from: "2025-06-03", to: "2025-06-04" },
      (row: Fixture) => row.createdAt >= new Date("2025-06-03") && row.createdAt < new Date("2025-06-05"),
      14,
    ],
    [{ from: "2025-06-09" }, (row: Fixture) => row.createdAt >= new Date("2025-06-09"), 4],
    [{ to: "2025-06-01" }, (row: Fixture) => row.createdAt < new Date("2025-06-02"), 8],
  ])("filters on %j alone", async (params, predicate, count) => {
    const found = await matching(params);
    expect(found).toEqual(expected(predicate));
    expect(found).toHaveLength(count);
  });

  it("combines filters (all must hold)", async () => {
    expect(await matching({ status: "completed", provider: "cryptocloud" })).toEqual([
      "pay_00",
      "pay_21",
      "pay_42",
    ]);
    expect(await matching({ currency: "EUR", purpose: "subscription", plan: "starter" })).toEqual(
      expected((row) => row.currency === "EUR" && row.plan === "starter"),
    );
    expect(await matching({ provider: "yookassa", currency: "USD" })).toEqual([]);
    expect(await matching({ plan: "no-such-plan" })).toEqual([]);
  });

  it.each([
    [
      "an email, exactly",
      "alice.apq@example.com",
      (row: Fixture) => row.email === "alice.apq@example.com",
      18,
    ],
    [
      "the start of an email with @, any case",
      "CAROL.APQ@",
      (row: Fixture) => row.email?.startsWith("carol") ?? false,
      18,
    ],
    [
      "the start of an email without @",
      "bob.ap",
      (row: Fixture) => row.email?.startsWith("bob") ?? false,
      18,
    ],
    ["an order id", "ord_fx07aaaaaaaaaaaaaaaa", (row: Fixture) => row.id === "pay_07", 1],
    [
      "the start of an order id, any case",
      "ORD_FX1",
      (row: Fixture) => row.orderId.startsWith("ord_fx1"),
      10,
    ],
    ["a provider reference", "INV-FX12", (row: Fixture) => row.id === "pay_12", 1],
    [
      "the start of a provider reference, any case",
      "cs_TEST_fx0",
      (row: Fixture) => row.providerRef.startsWith("cs_test_fx0"),
      3,
    ],
    ["LIKE's % literally", "INV%", () => false, 0],
    ["LIKE's _ literally", "INV_FX", () => false, 0],
  ])("searches by %s", async (_label, q, predicate, count) => {
    const found = await matching({ q });
    expect(found).toEqual(expected(predicate));
    expect(found).toHaveLength(count);
  });

  it("shows one customer's payments exactly, where an email search would also match a longer address", async () => {
    const alice = await db.user.findUniqueOrThrow({ where: { email: "alice.apq@example.com" } });
    const lookalike = await db.user.create({
      data: { email: "alice.apq@example.com.au", passwordHash: "unusable" },
    });
    try {
      await db.payment.create({
        data: {
          id: "pay_lookalike",
          orderId: "ord_lookalikeaaaaaaaaaaaa",
          userId: lookalike.id,
          purpose: "topup",
          provider: "stripe",
          amount: 1_000,
          currency: "USD",
          createdAt: new Date(T0),
        },
      });
      expect(await matching({ customer: alice.id })).toEqual(
        expected((row) => row.email === "alice.apq@example.com"),
      );
      // The prefix search is what it says: the longer address is found too.
      expect(await matching({ q: "alice.apq@example.com" })).toContain("pay_lookalike");
      // An id that names nobody matches nothing; one that is not an id is ignored, like any bad parameter.
      expect(await matching({ customer: "cnobody000000000000000000" })).toEqual([]);
      expect(query({ customer: "a\u0000b" }).customer).toBeUndefined();
    } finally {
      await db.payment.delete({ where: { id: "pay_lookalike" } });
      await db.user.delete({ where: { id: lookalike.id } });
    }
  });
});

describe("the admin payments table: robustness", () => {
  it("keeps pages stable when payments arrive between page loads: nothing skipped, nothing repeated", async () => {
    const start = query({ sort: "amount", dir: "desc", currency: "USD" });
    const first = await listPayments(start);
    // One new payment sorts before the first page's end (top amount), one into a later page and
    // one at the very end. With OFFSET the first would push a row seen on page 1 onto page 2.
    const arrivals = [
      { id: "new_top", amount: 99_000 },
      { id: "new_mid", amount: 4_000 },
      { id: "new_end", amount: 100 },
    ];
    await db.payment.createMany({
      data: arrivals.map(({ id, amount }) => ({
        id,
        orderId: `ord_${id}`,
        purpose: "topup" as const,
        provider: "manual" as const,
        amount,
        currency: "USD",
      })),
    });
    try {
      const rest: PaymentListPage[] = [];
      for (let cursor = first.nextCursor; cursor; cursor = rest.at(-1)!.nextCursor) {
        rest.push(await listPayments({ ...start, cursor }));
      }
      const seen = [...ids(first.rows), ...rest.flatMap((page) => ids(page.rows))];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => id.startsWith("pay_")).sort()).toEqual(
        ids(FIXTURE.filter((row) => row.currency === "USD")).sort(),
      );
      expect(seen.filter((id) => id.startsWith("new_"))).toEqual(["new_mid", "new_end"]);
    } finally {
      await db.payment.deleteMany({ where: { id: { startsWith: "new_" } } });
    }
  });

  it("treats bad parameters as their defaults instead of failing", async () => {
    const defaults = await listPayments(query());
    const bad = parsePaymentListParams({
      status: "paid",
      provider: ["paypal"],
      size: "1000",
      sort: "email",
      dir: "sideways",
      from: "2025-13-01",
      cursor: "%%%",
      back: "maybe",
    });
    expect(bad).toEqual(query());
    expect(ids((await listPayments(bad)).rows)).toEqual(ids(defaults.rows));
  });

  it("starts from the first page, not the last, when the cursor it was paging back from is bad", async () => {
    const first = ids((await listPayments(query())).rows);
    const parsed = query({ cursor: "bm90LWEtY3Vyc29y", back: "1" });
    expect(parsed).toMatchObject({ cursor: undefined, back: false });
    expect(ids((await listPayments(parsed)).rows)).toEqual(first);
  });

  it("ignores a cursor from another sort order, and survives crafted ones", async () => {
    const defaults = ids((await listPayments(query())).rows);
    const amountCursor = encodePaymentCursor({
      sort: "amount",
      amount: 12_900,
      createdAt: new Date(T0),
      id: "x",
    });
    expect(ids((await listPayments(query({ cursor: amountCursor }))).rows)).toEqual(defaults);
    const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      crafted(["amount", 2 ** 40, "2025-06-01T00:00:00.000Z", "pay_00"]),
      crafted(["created", null, "0000-01-01T00:00:00.000Z", "pay_00"]),
      crafted(["created", null, "2025-06-01T00:00:00.000Z", "pay\u0000"]),
      crafted(["status", "bogus", "2025-06-01T00:00:00.000Z", "pay_00"]),
    ]) {
      const sort = JSON.parse(Buffer.from(cursor, "base64url").toString()) as [string];
      const page = await listPayments(query({ cursor, sort: sort[0] }));
      expect(page.prevCursor).toBeNull();
      expect(page.rows).toHaveLength(25);
    }
  });

  it("counts exactly up to the limit, and past it gives the planner's estimate, marked approximate", async () => {
    await db.$executeRaw`ANALYZE "Payment"`;
    expect((await listPayments(query())).total).toEqual({ count: 60, exact: true });
    expect((await listPayments(query(), { exactCountLimit: 10 })).total).toEqual({ count: 60, exact: false });
    // Estimated from the column statistics: 9 refunded of 60 (the sample is the whole table).
    expect((await listPayments(query({ status: "refunded" }), { exactCountLimit: 5 })).total).toEqual({
      count: 9,
      exact: false,
    });
    expect((await listPayments(query({ status: "refunded" }), { exactCountLimit: 9 })).total).toEqual({
      count: 9,
      exact: true,
    });
  });
});

describe("the admin payments CSV export", () => {
  async function readChunks(stream: ReadableStream<Uint8Array>): Promise<string[]> {
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks.push(decoder.decode(next.value));
    }
    return chunks;
  }

  it("streams exactly the filtered set, in batches, with the table's columns", async () => {
    const filtered = query({ provider: "yookassa", dir: "asc" });
    const chunks = await readChunks(streamPaymentsCsv(filtered, { locale: "en", batchSize: 7 }));
    const [header, ...batches] = chunks;
    expect(header).toBe("created,order_id,customer,purpose,provider,amount,currency,status,provider_ref\r\n");
    // 20 rows in batches of 7: one chunk per batch, each one query.
    expect(batches.map((chunk) => chunk.split("\r\n").length - 1)).toEqual([7, 7, 6]);
    const lines = batches.join("").split("\r\n").slice(0, -1);
    const total = (await listPayments({ ...filtered, size: 100 })).total;
    expect(lines).toHaveLength(total.count);
    expect(lines[0]).toBe(
      "2025-06-01T07:00:00.000Z,ord_fx02aaaaaaaaaaaaaaaa,bob.apq@example.com,Starter · 1 month,yookassa,49.00,RUB,completed,2f1e0000-0000-4000-8000-000000000002",
    );
    expect(lines).toContain(
      "2025-06-02T04:00:00.000Z,ord_fx08aaaaaaaaaaaaaaaa,bob.apq@example.com,Course: the paid Telegram channel,yookassa,129.00,RUB,expired,2f1e0000-0000-4000-8000-000000000008",
    );
  });

  it("words the purpose in the admin's language, and only the purpose", async () => {
    const filtered = query({ provider: "yookassa", dir: "asc" });
    const [header, ...batches] = await readChunks(streamPaymentsCsv(filtered, { locale: "ru" }));
    expect(header).toBe("created,order_id,customer,purpose,provider,amount,currency,status,provider_ref\r\n");
    expect(batches.join("").split("\r\n")[0]).toBe(
      "2025-06-01T07:00:00.000Z,ord_fx02aaaaaaaaaaaaaaaa,bob.apq@example.com,Starter · 1 месяц,yookassa,49.00,RUB,completed,2f1e0000-0000-4000-8000-000000000002",
    );
  });

  it("quotes and defuses cells a spreadsheet would run as formulas", async () => {
    const user = await db.user.create({ data: { email: "=1+2@evil.test", passwordHash: "unusable" } });
    const payment = await db.payment.create({
      data: {
        id: "csv_formula",
        orderId: "ord_csvformula",
        userId: user.id,
        purpose: "product",
        productId,
        provider: "manual",
        providerRef: '=HYPERLINK("http://evil.test","open")',
        amount: 123_456,
        currency: "RUB",
        status: "completed",
        createdAt: new Date("2025-07-01T12:34:56.789Z"),
      },
    });
    try {
      const [, ...rows] = await readChunks(
        streamPaymentsCsv(query({ q: "=1+2@evil.test" }), { locale: "en" }),
      );
      expect(rows.join("")).toBe(
        `2025-07-01T12:34:56.789Z,ord_csvformula,'=1+2@evil.test,Course: the paid Telegram channel,manual,1234.56,RUB,completed,"'=HYPERLINK(""http://evil.test"",""open"")"\r\n`,
      );
    } finally {
      await db.payment.delete({ where: { id: payment.id } });
      await db.user.delete({ where: { id: user.id } });
    }
  });
});

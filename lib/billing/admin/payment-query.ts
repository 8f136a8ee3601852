import { z } from "zod";
import { decodePaymentCursor } from "@/lib/billing/admin/payment-cursor";
import { cursorId } from "@/lib/cursor";
import { PaymentProvider, PaymentPurpose, PaymentStatus } from "@/lib/generated/prisma/enums";

// The admin payments table's state lives in the URL. This parses a page's `searchParams` into a
// normalized query and writes one back into links. A bad parameter (hand-edited, stale, hostile)
// falls back to its default on its own and never fails the page: the rest of the URL still applies.
//
// Amounts are compared only within one currency (1,000 ₽ is not more than $500): the amount order
// needs a currency filter. Without one, `sort=amount` falls back to the default order, as any other
// parameter that does not make sense does; the table's Amount header asks for a currency first.

export const PAYMENT_SORTS = ["created", "amount", "status"] as const;
export type PaymentSort = (typeof PAYMENT_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const PAGE_SIZES = [25, 50, 100] as const;

/** What Next hands a page as `searchParams`, or a URLSearchParams. */
export type SearchParamsInput = Record<string, string | string[] | undefined> | URLSearchParams;

// z.iso.date() checks the calendar (no 2025-02-30). The bounds keep the day after `to` a valid
// PostgreSQL timestamp; they compare text, since zod also runs a refinement on input that failed
// the format check.
const isoDay = z.iso.date().refine((day) => day >= "1970-01-01" && day < "9999-01-01");

/** A repeated parameter (`?status=a&status=b`) counts by its first value. */
function firstValue(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(firstValue, schema.optional()).catch(undefined);
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- {}: any value but undefined
function withDefault<Out extends {}>(schema: z.ZodType<Out>, fallback: Out) {
  return z.preprocess(firstValue, schema).catch(fallback);
}

export const paymentListParams = z
  .object({
    status: optional(z.enum(PaymentStatus)),
    provider: optional(z.enum(PaymentProvider)),
    /** A plan slug; one that names no plan simply matches nothing. */
    plan: optional(z.string().regex(/^[a-z0-9-]{1,40}$/)),
    purpose: optional(z.enum(PaymentPurpose)),
    currency: optional(
      z
        .string()
        .regex(/^[A-Za-z]{3}$/)
        .transform((code) => code.toUpperCase()),
    ),
    /** Inclusive UTC days, YYYY-MM-DD. */
    from: optional(isoDay),
    to: optional(isoDay),
    // No control characters: PostgreSQL rejects a NUL in text, and that must not become a 500.
    q: optional(
      z
        .string()
        .trim()
        .regex(/^[^\p{Cc}]{1,200}$/u),
    ),
    /** One customer's payments (their user id), as the customer page links to them. */
    customer: optional(cursorId),
    sort: withDefault(z.enum(PAYMENT_SORTS), "created"),
    dir: withDefault(z.enum(["asc", "desc"]), "desc"),
    size: withDefault(z.enum(["25", "50", "100"]).transform(Number).pipe(z.literal(PAGE_SIZES)), 25),
    cursor: optional(z.string().regex(/^[A-Za-z0-9_-]{1,400}$/)),
    /** Page backwards from `cursor`; without a cursor, the last page. */
    back: withDefault(
      z.literal(["1", "true"]).transform(() => true),
      false,
    ),
  })
  // Amounts of different currencies are not compared: no currency, no amount order.
  .transform((query) =>
    query.sort === "amount" && !query.currency
      ? { ...query, sort: "created" as const, dir: "desc" as const }
      : query,
  )
  // A cursor is a position in one sort order; with any other sort it is stale, so drop it.
  // Paging back from a dropped cursor would mean "the last page": start from the first instead.
  .transform((query) =>
    query.cursor && !decodePaymentCursor(query.cursor, query.sort)
      ? { ...query, cursor: undefined, back: false }
      : query,
  );

export type PaymentListQuery = z.output<typeof paymentListParams>;

/** Whether the amount order is available: only within one currency. */
export function canSortByAmount(query: Pick<PaymentListQuery, "currency">): boolean {
  return query.currency !== undefined;
}

/**
 * The readers of a query (the page, the export) refuse an amount order across currencies, which
 * parsePaymentListParams never produces; a query built by hand could.
 */
export function assertComparableOrder(query: Pick<PaymentListQuery, "sort" | "currency">): void {
  if (query.sort === "amount" && !canSortByAmount(query)) {
    throw new RangeError("sorting payments by amount needs a currency filter");
  }
}

const DEFAULTS: PaymentListQuery = parsePaymentListParams({});

/** Never throws: every parameter that does not parse takes its default. */
export function parsePaymentListParams(input: SearchParamsInput): PaymentListQuery {
  const record =
    input instanceof URLSearchParams
      ? Object.fromEntries([...input.keys()].map((key) => [key, input.getAll(key)]))
      : input;
  return paymentListParams.parse(record);
}

const PARAM_ORDER = [
  "q",
  "customer",
  "status",
  "provider",
  "plan",
  "purpose",
  "currency",
  "from",
  "to",
  "sort",
  "dir",
  "size",
  "cursor",
  "back",
] as const satisfies readonly (keyof PaymentListQuery)[];

/**
 * The query as URL parameters, defaults left out, so links stay short and a default URL is
 * canonical. For links, change the query first: the next page is `{ ...query, cursor: next,
 * back: false }`, a sort header `{ ...query, sort, dir, cursor: undefined, back: false }`.
 */
export function paymentListSearchParams(query: PaymentListQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of PARAM_ORDER) {
    const value = query[key];
    if (value === undefined || value === DEFAULTS[key]) continue;
    params.set(key, value === true ? "1" : String(value));
  }
  return params;
}

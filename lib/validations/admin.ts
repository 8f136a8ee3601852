import { z } from "zod";
import { REVENUE_WINDOWS, type RevenueWindowDays } from "@/lib/billing/admin/revenue";

// URL parameters of the admin pages. Anything that does not parse falls back to its default, so
// a hand-edited or stale URL shows the default view instead of an error.

/** A repeated parameter (`?days=30&days=90`) counts by its first value. */
const first = (value: unknown) => (Array.isArray(value) ? (value[0] as unknown) : value);

const overviewParams = z.object({
  days: z.preprocess(first, z.coerce.number().pipe(z.literal(REVENUE_WINDOWS))).catch(30),
});

export function parseOverviewParams(input: Record<string, string | string[] | undefined>): {
  days: RevenueWindowDays;
} {
  return overviewParams.parse(input);
}

const customerSearchParams = z.object({
  // Control characters never name a customer (and PostgreSQL refuses a NUL in text).
  q: z.preprocess(
    first,
    z
      .string()
      .trim()
      .regex(/^[^\p{Cc}]{0,200}$/u)
      .transform((q) => q || undefined)
      .optional()
      .catch(undefined),
  ),
  cursor: z.preprocess(
    first,
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,200}$/)
      .optional()
      .catch(undefined),
  ),
});

export function parseCustomerSearchParams(input: Record<string, string | string[] | undefined>): {
  q?: string;
  cursor?: string;
} {
  return customerSearchParams.parse(input);
}

import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import type { BillingMonths } from "@/lib/billing/pricing";

// Field messages come from common.validation (lib/actions/validated-action.ts renders them in the
// reader's language): "Enter a valid email address.", "Use at least {min} characters.", "Use at
// most {max} characters.". Only messages no generic one fits are named here, by catalog key.

/** A plan chosen on /pricing and carried through registration: which plan, for how long, in what money. */
export interface PlanIntent {
  plan: string;
  months: BillingMonths;
  /** The currency the prices were shown in (ISO 4217), when the visitor saw any. */
  currency?: string;
}

const optionalText = (max: number) => z.string().max(max).optional();

// Search parameters (/pricing's links, /register?plan=…) and the registration form's hidden fields
// are all strings; anything else, or anything malformed, is no choice at all.
const planIntentSchema = z.object({
  plan: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  months: z.enum(["1", "12"]).transform((months) => Number(months) as BillingMonths),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional()
    .catch(undefined),
});

/**
 * The plan choice in a query or a form, or null when there is none or it is malformed. Only the
 * shape is checked here; lib/billing/plans/public-catalog.ts checks that the plan is sold.
 */
export function parsePlanIntent(raw: {
  plan?: unknown;
  months?: unknown;
  currency?: unknown;
}): PlanIntent | null {
  const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) || undefined;
  const parsed = planIntentSchema.safeParse({
    plan: first(raw.plan),
    months: first(raw.months),
    currency: first(raw.currency),
  });
  if (!parsed.success) return null;
  const { plan, months, currency } = parsed.data;
  return currency ? { plan, months, currency } : { plan, months };
}

export const registerSchema = z
  .object({
    name: z.string().trim().max(100).optional(),
    email: z.string().trim().toLowerCase().pipe(z.email()),
    password: z.string().min(PASSWORD_MIN_LENGTH).max(256),
    // The plan chosen on /pricing (hidden fields). A forged or stale value is no reason to refuse
    // an account: it is dropped here or by the action's check, and the customer lands on /dashboard.
    plan: optionalText(64).catch(undefined),
    months: optionalText(2).catch(undefined),
    currency: optionalText(3).catch(undefined),
  })
  .strict();

import { z } from "zod";

/** The providers a customer can pay a plan with, in the order the plans page offers them. */
export const CHECKOUT_PROVIDERS = ["stripe", "cryptocloud"] as const;
export type CheckoutProvider = (typeof CHECKOUT_PROVIDERS)[number];

export const checkoutSchema = z
  .object({
    plan: z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a plan."),
    months: z.coerce
      .number()
      .pipe(z.union([z.literal(1), z.literal(12)], { error: "Choose 1 or 12 months." })),
    provider: z.enum(CHECKOUT_PROVIDERS, { error: "Choose a payment method." }),
  })
  .strict();

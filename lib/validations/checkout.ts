import { z } from "zod";

export const checkoutSchema = z
  .object({
    plan: z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a plan."),
    months: z.coerce
      .number()
      .pipe(z.union([z.literal(1), z.literal(12)], { error: "Choose 1 or 12 months." })),
    provider: z.enum(["cryptocloud"], { error: "Choose a payment method." }),
  })
  .strict();

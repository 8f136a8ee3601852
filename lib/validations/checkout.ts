import { z } from "zod";

import { PaymentProvider } from "@/lib/generated/prisma/enums";

export const checkoutSchema = z
  .object({
    plan: z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a plan."),
    months: z.coerce
      .number()
      .pipe(z.union([z.literal(1), z.literal(12)], { error: "Choose 1 or 12 months." })),
    // Whether this provider is configured and sells plans is the checkout's question (the registry).
    // Switching to Free pays nothing, so it names no provider.
    provider: z.enum(PaymentProvider, { error: "Choose a payment method." }).optional(),
  })
  .strict();

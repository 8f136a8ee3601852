import { z } from "zod";

import { PaymentProvider } from "@/lib/generated/prisma/enums";

// Messages are catalog keys (messages/*/dashboard.json), said in the reader's language by
// lib/actions/validated-action.ts.
export const checkoutSchema = z
  .object({
    plan: z.string().regex(/^[a-z0-9-]{1,40}$/, "dashboard.checkout.errors.plan"),
    months: z.coerce
      .number()
      .pipe(z.union([z.literal(1), z.literal(12)], { error: "dashboard.checkout.errors.months" })),
    // Whether this provider is configured and sells plans is the checkout's question (the registry).
    // Switching to Free pays nothing, so it names no provider.
    provider: z.enum(PaymentProvider, { error: "dashboard.checkout.errors.provider" }).optional(),
  })
  .strict();

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { applyValueAsTime } from "@/lib/billing/payments/attention";
import { RECORD_ID } from "@/lib/record-id";

// Resolving a payment that could not be applied, by giving its value as time. ADMIN only,
// checked here (a public endpoint, whatever page shows it); the reason is kept on both timelines.

const schema = z
  .object({
    paymentId: z.string().regex(RECORD_ID),
    reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(500, "At most 500 characters."),
  })
  .strict();

export const applyAsTimeAction = validatedActionWithUser(
  schema,
  async ({ paymentId, reason }, admin) => {
    const result = await applyValueAsTime(paymentId, admin, reason);
    if (result.ok) revalidatePath("/admin/attention");
    return result.ok ? { ok: true, data: undefined, message: result.message } : result;
  },
  { role: "ADMIN" },
);

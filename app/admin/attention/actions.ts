"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outcomeMessage } from "@/components/admin/outcome-message";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { applyValueAsTime } from "@/lib/billing/payments/attention";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { RECORD_ID } from "@/lib/record-id";

// Resolving a payment that could not be applied, by giving its value as time. ADMIN only,
// checked here (a public endpoint, whatever page shows it); the reason is kept on both timelines.

const schema = z
  .object({
    paymentId: z.string().regex(RECORD_ID),
    reason: z.string().trim().min(3, "admin.validation.reason").max(500, "admin.validation.tooLong"),
  })
  .strict();

export const applyAsTimeAction = validatedActionWithUser(
  schema,
  async ({ paymentId, reason }, admin) => {
    const result = await applyValueAsTime(paymentId, admin, reason);
    if (result.ok) revalidatePath("/admin/attention");
    const locale = await requestLocale();
    const message = outcomeMessage(translatorFor(locale), locale, result);
    return result.ok ? { ok: true, data: undefined, message } : { ok: false, message };
  },
  { role: "ADMIN" },
);

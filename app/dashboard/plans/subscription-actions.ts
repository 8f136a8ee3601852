"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { setCancellation } from "@/lib/billing/subscriptions/periods";
import { formatDate } from "@/lib/format";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

// Cancel and resume: no payment, no provider; the subscription keeps its paid time either way.

const noFields = z.object({}).strict();

export const cancelSubscriptionAction = validatedActionWithUser(noFields, async (_input, user) => {
  const locale = await requestLocale();
  const t = translatorFor(locale);
  const result = await setCancellation(user.id, true);
  if (result.kind === "nothing-to-do")
    return { ok: false, message: t(`dashboard.cancellation.${result.reason}`) };
  revalidatePath("/dashboard", "layout");
  const message = result.endsAt
    ? t("dashboard.cancellation.cancelledUntil", { date: formatDate(result.endsAt, locale) })
    : t("dashboard.cancellation.cancelled");
  return { ok: true, data: undefined, message };
});

export const resumeSubscriptionAction = validatedActionWithUser(noFields, async (_input, user) => {
  const t = translatorFor(await requestLocale());
  const result = await setCancellation(user.id, false);
  if (result.kind === "nothing-to-do")
    return { ok: false, message: t(`dashboard.cancellation.${result.reason}`) };
  revalidatePath("/dashboard", "layout");
  return { ok: true, data: undefined, message: t("dashboard.cancellation.resumed") };
});

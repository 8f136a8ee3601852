"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { setCancellation } from "@/lib/billing/subscriptions/periods";
import { formatDate } from "@/lib/format";

// Cancel and resume: no payment, no provider; the subscription keeps its paid time either way.

const noFields = z.object({}).strict();

export const cancelSubscriptionAction = validatedActionWithUser(noFields, async (_input, user) => {
  const result = await setCancellation(user.id, true);
  if (result.kind === "nothing-to-do") return { ok: false, message: result.reason };
  revalidatePath("/dashboard", "layout");
  const until = result.endsAt ? ` You keep everything you paid for until ${formatDate(result.endsAt)}.` : "";
  return { ok: true, data: undefined, message: `Your subscription is cancelled.${until}` };
});

export const resumeSubscriptionAction = validatedActionWithUser(noFields, async (_input, user) => {
  const result = await setCancellation(user.id, false);
  if (result.kind === "nothing-to-do") return { ok: false, message: result.reason };
  revalidatePath("/dashboard", "layout");
  return { ok: true, data: undefined, message: "Your subscription continues." };
});

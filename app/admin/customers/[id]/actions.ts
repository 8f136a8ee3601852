"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { fromDecimal } from "@/lib/billing/money";
import { formatMoney } from "@/lib/billing/pricing";
import { changeSubscriptionAsAdmin } from "@/lib/billing/subscriptions/admin";
import { adjustWallet, WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { RECORD_ID } from "@/lib/record-id";

// The customer page's subscription controls. ADMIN only, checked in the action (a public
// endpoint, whatever page shows it); every change names its reason, kept on the event.

const reason = z
  .string()
  .trim()
  .min(3, "Say why (at least 3 characters): the customer sees it in their history.")
  .max(500, "At most 500 characters.");
const slug = z.string().regex(/^[a-z0-9-]{1,40}$/, "Choose a plan.");

const schema = z.discriminatedUnion("command", [
  z
    .object({
      userId: z.string().regex(RECORD_ID),
      command: z.literal("extend"),
      days: z.coerce.number().int("Whole days.").min(1, "At least 1 day.").max(366, "At most 366 days."),
      planSlug: slug.optional().or(z.literal("").transform(() => undefined)),
      reason,
    })
    .strict(),
  z
    .object({
      userId: z.string().regex(RECORD_ID),
      command: z.literal("change_plan"),
      planSlug: slug,
      reason,
    })
    .strict(),
  z
    .object({ userId: z.string().regex(RECORD_ID), command: z.literal("cancel_at_period_end"), reason })
    .strict(),
  z.object({ userId: z.string().regex(RECORD_ID), command: z.literal("end_now"), reason }).strict(),
]);

export const subscriptionCommandAction = validatedActionWithUser(
  schema,
  async (input, admin) => {
    const { userId, reason: why, ...command } = input;
    const result = await changeSubscriptionAsAdmin(
      userId,
      command.command === "extend"
        ? { kind: "extend", days: command.days, planSlug: command.planSlug }
        : command.command === "change_plan"
          ? { kind: "change_plan", planSlug: command.planSlug }
          : { kind: command.command },
      { actorId: admin.id, reason: why },
    );
    if (result.ok) revalidatePath(`/admin/customers/${userId}`);
    return result.ok ? { ok: true, data: undefined, message: result.message } : result;
  },
  { role: "ADMIN" },
);

const adjustmentSchema = z
  .object({
    userId: z.string().regex(RECORD_ID),
    direction: z.enum(["credit", "debit"], "Choose credit or debit."),
    amount: z
      .string()
      .trim()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, "An amount such as 150 or 150.50.")
      .refine((value) => Number(value) > 0, "More than zero."),
    reason,
  })
  .strict();

export const walletAdjustmentAction = validatedActionWithUser(
  adjustmentSchema,
  async ({ userId, direction, amount, reason: why }, admin) => {
    const minor = fromDecimal(amount, WALLET_CURRENCY);
    const result = await adjustWallet({
      userId,
      amount: direction === "credit" ? minor : -minor,
      reason: why,
      actorId: admin.id,
    });
    if (!result.ok) return result;
    revalidatePath(`/admin/customers/${userId}`);
    return {
      ok: true,
      data: undefined,
      message: `Done: balance ${formatMoney(result.balanceAfter, WALLET_CURRENCY)}.`,
    };
  },
  { role: "ADMIN" },
);

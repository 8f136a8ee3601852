"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { outcomeMessage } from "@/components/admin/outcome-message";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { fromDecimal } from "@/lib/billing/money";
import { formatMoney } from "@/lib/billing/pricing";
import { changeSubscriptionAsAdmin } from "@/lib/billing/subscriptions/admin";
import { adjustWallet, WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { RECORD_ID } from "@/lib/record-id";

// The customer page's subscription controls. ADMIN only, checked in the action (a public
// endpoint, whatever page shows it); every change names its reason, kept on the event. The billing
// modules answer with codes, worded here in the admin's language.

const reason = z.string().trim().min(3, "admin.validation.reasonSeen").max(500, "admin.validation.tooLong");
const slug = z.string().regex(/^[a-z0-9-]{1,40}$/, "admin.validation.plan");

const schema = z.discriminatedUnion("command", [
  z
    .object({
      userId: z.string().regex(RECORD_ID),
      command: z.literal("extend"),
      days: z.coerce
        .number()
        .int("admin.validation.wholeDays")
        .min(1, "admin.validation.minDays")
        .max(366, "admin.validation.maxDays"),
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
    const locale = await requestLocale();
    const message = outcomeMessage(translatorFor(locale), locale, result);
    return result.ok ? { ok: true, data: undefined, message } : { ok: false, message };
  },
  { role: "ADMIN" },
);

const adjustmentSchema = z
  .object({
    userId: z.string().regex(RECORD_ID),
    direction: z.enum(["credit", "debit"], "admin.validation.direction"),
    amount: z
      .string()
      .trim()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, "admin.validation.adjustmentAmount")
      .refine((value) => Number(value) > 0, "admin.validation.moreThanZero"),
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
    const locale = await requestLocale();
    const t = translatorFor(locale);
    if (!result.ok) return { ok: false, message: outcomeMessage(t, locale, result) };
    revalidatePath(`/admin/customers/${userId}`);
    return {
      ok: true,
      data: undefined,
      message: t("admin.customer.adjusted", {
        balance: formatMoney(result.balanceAfter, WALLET_CURRENCY, locale),
      }),
    };
  },
  { role: "ADMIN" },
);

import { z } from "zod";
import { TOPUP_MIN_RUB, topUpAmountError } from "@/lib/billing/wallet/topup";
import { env } from "@/lib/env";

// A top-up's amount: one of the preset buttons (`preset`) or the custom field (`custom`), in whole
// roubles. The bounds are the wallet's (TOPUP_MAX_RUB), checked where the amount is parsed so a
// bad amount is a field error and never reaches a provider. Messages are catalog keys
// (messages/*/dashboard.json); lib/actions/validated-action.ts says them with the bound as {min}
// or {max}.

const NOT_WHOLE = "dashboard.topUp.errors.wholeRoubles";

const wholeRoubles = z
  .string()
  .trim()
  .regex(/^\d{1,12}$/, NOT_WHOLE)
  .transform(Number)
  .superRefine((rubles, context) => {
    switch (topUpAmountError(rubles)) {
      case null:
        return;
      case "not_whole":
        context.addIssue({ code: "custom", message: NOT_WHOLE });
        return;
      case "too_small":
        context.addIssue({
          code: "too_small",
          origin: "number",
          minimum: TOPUP_MIN_RUB,
          inclusive: true,
          input: rubles,
          message: "dashboard.topUp.errors.min",
        });
        return;
      case "too_big":
        context.addIssue({
          code: "too_big",
          origin: "number",
          maximum: env().TOPUP_MAX_RUB,
          inclusive: true,
          input: rubles,
          message: "dashboard.topUp.errors.max",
        });
        return;
    }
  });

export const topUpSchema = z
  .object({
    preset: wholeRoubles.optional(),
    custom: z.string().optional(),
    // Asked for the receipt when the buyer has none on record (a bot's user, with receipts on).
    email: z.email("dashboard.topUp.errors.email").max(254).optional(),
  })
  .strict()
  .transform((input, context) => {
    const email = input.email;
    if (input.preset !== undefined) return { rubles: input.preset, email };
    const parsed = wholeRoubles.safeParse(input.custom ?? "");
    if (parsed.success) return { rubles: parsed.data, email };
    for (const issue of parsed.error.issues) context.addIssue({ ...issue, path: ["custom"] });
    return z.NEVER;
  });

import { z } from "zod";
import { topUpAmountError } from "@/lib/billing/wallet/topup";

// A top-up's amount: one of the preset buttons (`preset`) or the custom field (`custom`), in whole
// roubles. The bounds are the wallet's (TOPUP_MAX_RUB), checked where the amount is parsed so a
// bad amount is a field error and never reaches a provider.

const wholeRoubles = z
  .string()
  .trim()
  .regex(/^\d{1,12}$/, "Enter a whole number of roubles.")
  .transform(Number)
  .superRefine((rubles, context) => {
    const error = topUpAmountError(rubles);
    if (error) context.addIssue({ code: "custom", message: error });
  });

export const topUpSchema = z
  .object({
    preset: wholeRoubles.optional(),
    custom: z.string().optional(),
    // Asked for the receipt when the buyer has none on record (a bot's user, with receipts on).
    email: z.email("Enter an email address for the receipt.").max(254).optional(),
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

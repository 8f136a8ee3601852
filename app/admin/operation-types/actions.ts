"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { fromDecimal } from "@/lib/billing/money";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { saveOperationType } from "@/lib/billing/wallet/operation-types";

// Creating or changing an operation type. ADMIN only, checked here (a public endpoint).

const checkbox = z
  .literal("on")
  .optional()
  .transform((value) => value === "on");

const schema = z
  .object({
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9_-]{1,40}$/, "Lower-case letters, digits, _ and - (at most 40)."),
    name: z.string().trim().min(1, "Name it.").max(80, "At most 80 characters."),
    price: z
      .string()
      .trim()
      .regex(/^\d{1,7}(\.\d{1,2})?$/, "A price such as 10 or 12.50 (roubles)."),
    free: checkbox,
    active: checkbox,
  })
  .strict();

export const saveOperationTypeAction = validatedActionWithUser(
  schema,
  async (input) => {
    await saveOperationType({ ...input, price: fromDecimal(input.price, WALLET_CURRENCY) });
    revalidatePath("/admin/operation-types");
    return { ok: true, data: undefined, message: `Saved ${input.slug}.` };
  },
  { role: "ADMIN" },
);

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { validatedActionWithUser } from "@/lib/actions/validated-action";
import { fromDecimal } from "@/lib/billing/money";
import { WALLET_CURRENCY } from "@/lib/billing/wallet/ledger";
import { saveOperationType } from "@/lib/billing/wallet/operation-types";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";

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
      .regex(/^[a-z0-9_-]{1,40}$/, "admin.validation.operationSlug"),
    name: z.string().trim().min(1, "admin.validation.operationName").max(80, "admin.validation.tooLong"),
    price: z
      .string()
      .trim()
      .regex(/^\d{1,7}(\.\d{1,2})?$/, "admin.validation.operationPrice"),
    free: checkbox,
    active: checkbox,
  })
  .strict();

export const saveOperationTypeAction = validatedActionWithUser(
  schema,
  async (input) => {
    await saveOperationType({ ...input, price: fromDecimal(input.price, WALLET_CURRENCY) });
    revalidatePath("/admin/operation-types");
    const t = translatorFor(await requestLocale());
    return { ok: true, data: undefined, message: t("admin.operationTypes.saved", { slug: input.slug }) };
  },
  { role: "ADMIN" },
);

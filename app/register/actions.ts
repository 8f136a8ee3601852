"use server";

import type { Route } from "next";
import { validatedAction } from "@/lib/actions/validated-action";
import { planChoicePath, purchasableIntent } from "@/lib/billing/plans/public-catalog";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { EmailTakenError, createUser } from "@/lib/users";
import { parsePlanIntent, registerSchema } from "@/lib/validations/auth";

/**
 * Creates a customer account on the free plan, in the language it registered in; the form then
 * signs the new user in and goes to `next`: the plans page with the plan chosen on /pricing (when
 * it can be bought), else the dashboard.
 */
export const registerAction = validatedAction(
  registerSchema,
  async ({ plan, months, currency, ...input }) => {
    const locale = await requestLocale();
    try {
      const user = await createUser({ ...input, role: "CUSTOMER", locale });
      const intent = await purchasableIntent(parsePlanIntent({ plan, months, currency }));
      const next: Route = intent ? planChoicePath(intent) : "/dashboard";
      return { ok: true, data: { email: user.email, next } };
    } catch (error) {
      if (error instanceof EmailTakenError) {
        const message = translatorFor(locale)("auth.errors.emailTaken");
        return { ok: false, message, errors: { email: [message] } };
      }
      throw error;
    }
  },
);

"use server";

import type { Route } from "next";
import { headers } from "next/headers";
import { validatedAction, type ActionResult } from "@/lib/actions/validated-action";
import { admitRegistrationFrom } from "@/lib/auth/address-limits";
import { planChoicePath, purchasableIntent } from "@/lib/billing/plans/public-catalog";
import { clientAddress } from "@/lib/http/client-address";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor } from "@/lib/i18n/translator";
import { EmailTakenError, createUser } from "@/lib/users";
import { parsePlanIntent, registerSchema } from "@/lib/validations/auth";

/**
 * Creates a customer account on the free plan, in the language it registered in; the form then
 * signs the new user in and goes to `next`: the plans page with the plan chosen on /pricing (when
 * it can be bought), else the dashboard. An address over its registration limit
 * (lib/auth/address-limits.ts) is told when to come back, and nothing is created.
 */
export const registerAction = validatedAction(
  registerSchema,
  async ({ plan, months, currency, ...input }): Promise<ActionResult<{ email: string; next: Route }>> => {
    const locale = await requestLocale();
    const admission = await admitRegistrationFrom(clientAddress(await headers()));
    if (admission.kind === "limited") {
      const minutes = Math.ceil(admission.retryAfterSeconds / 60);
      return { ok: false, message: translatorFor(locale)("auth.errors.tooManyRegistrations", { minutes }) };
    }
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

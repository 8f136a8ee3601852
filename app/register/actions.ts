"use server";

import { validatedAction } from "@/lib/actions/validated-action";
import { EmailTakenError, createUser } from "@/lib/users";
import { registerSchema } from "@/lib/validations/auth";

/** Creates a customer account on the free plan; the form then signs the new user in. */
export const registerAction = validatedAction(registerSchema, async (input) => {
  try {
    const user = await createUser({ ...input, role: "CUSTOMER" });
    return { ok: true, data: { email: user.email } };
  } catch (error) {
    if (error instanceof EmailTakenError) {
      return { ok: false, message: error.message, errors: { email: [error.message] } };
    }
    throw error;
  }
});

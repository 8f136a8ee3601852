import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";

export const registerSchema = z
  .object({
    name: z.string().trim().max(100, "Use at most 100 characters.").optional(),
    email: z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.")),
    password: z
      .string()
      .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
      .max(256, "Use at most 256 characters."),
  })
  .strict();

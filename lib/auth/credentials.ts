import { z } from "zod";
import { db } from "@/lib/db";
import { admitSignInFrom, refundSignInFrom } from "@/lib/auth/address-limits";
import { verifyPassword } from "@/lib/auth/password";
import { admitSignInAttempt, clearSignInAttempts, TOO_MANY_ATTEMPTS } from "@/lib/auth/throttle";
import { tooManyRequestsCode } from "@/lib/auth/too-many-requests";
import type { Role } from "@/lib/generated/prisma/client";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** The saved language ("ru" | "en"), null until the user chooses one. */
  locale?: string | null;
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1024),
});

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks an email and password. Returns the user, or null for any wrong combination (the caller
 * must not say which part was wrong). Throws "TooManyRequests:<seconds>" while the client's
 * address (lib/http/client-address.ts) is over its limit (lib/auth/address-limits.ts), then
 * TOO_MANY_ATTEMPTS while the email is locked; next-auth hands the message to the form as its
 * error code.
 */
export async function authenticate(
  credentials: unknown,
  client: { address: string | null } = { address: null },
): Promise<AuthenticatedUser | null> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;

  // The address first: a sprayer refused here does not lock the emails it tries either.
  const admission = await admitSignInFrom(client.address);
  if (admission.kind === "limited") throw new Error(tooManyRequestsCode(admission.retryAfterSeconds));
  if (!(await admitSignInAttempt(email))) throw new Error(TOO_MANY_ATTEMPTS);

  const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  // A Telegram-only customer has neither email nor password: never found here, never signed in.
  if (!user?.email || !valid) return null;
  await Promise.all([clearSignInAttempts(email), refundSignInFrom(client.address)]);
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

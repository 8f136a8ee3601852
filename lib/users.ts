import { db, isUniqueViolation } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { normalizeEmail, type AuthenticatedUser } from "@/lib/auth/credentials";
import { startFreeSubscription } from "@/lib/billing/subscriptions/periods";
import type { Role } from "@/lib/generated/prisma/client";

export class EmailTakenError extends Error {
  override name = "EmailTakenError";
}

/** Creates an account on the free plan. The unique email index, not a prior lookup, decides races. */
export async function createUser(input: {
  email: string;
  password: string;
  name?: string | null;
  role?: Role;
}): Promise<AuthenticatedUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: normalizeEmail(input.email),
          name: input.name || null,
          passwordHash,
          role: input.role,
        },
        select: { id: true, email: true, name: true, role: true },
      });
      await startFreeSubscription(tx, user.id);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new EmailTakenError("An account with this email already exists.");
    }
    throw error;
  }
}

/** Where the account's payment notifications go; null stops them. */
export async function setTelegramChat(userId: string, chatId: string | null): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { telegramChatId: chatId } });
}

export async function getTelegramChat(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { telegramChatId: true } });
  return user?.telegramChatId ?? null;
}

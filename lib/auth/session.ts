import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/auth/options";
import { db } from "@/lib/db";
import type { AuthenticatedUser } from "@/lib/auth/credentials";

// Authorization happens here, in the server code of every page, action and route handler.
// proxy.ts only redirects early for a nicer experience; it is not the guard.

/** The signed-in user as the database knows them now, or null. Once per request: the layout and the page both ask. */
export const getSessionUser = cache(async function getSessionUser(): Promise<AuthenticatedUser | null> {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, locale: true },
  });
  // Only accounts with an email sign in (a Telegram-only customer has none).
  return user?.email ? { ...user, email: user.email } : null;
});

/** For pages: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<AuthenticatedUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}

/** For admin pages: customers get a 404, as if the page did not exist. */
export async function requireAdmin(): Promise<AuthenticatedUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") notFound();
  return user;
}

/** For route handlers: the user, or the 401/403 response to return. */
export async function authorizeRequest(
  role?: "ADMIN",
): Promise<{ user: AuthenticatedUser; response?: never } | { user?: never; response: Response }> {
  const user = await getSessionUser();
  if (!user) return { response: Response.json({ error: "Sign in required" }, { status: 401 }) };
  if (role && user.role !== role) return { response: Response.json({ error: "Forbidden" }, { status: 403 }) };
  return { user };
}

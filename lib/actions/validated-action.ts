import type { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import type { AuthenticatedUser } from "@/lib/auth/credentials";

// Every server action goes through one of these wrappers: session → role → zod (.strict()) →
// handler → a typed result the form can render. Server actions are public HTTP endpoints, so the
// checks live here, inside the action, not in the page that shows the form.

export type ActionResult<T = undefined> =
  { ok: true; data: T; message?: string } | { ok: false; message: string; errors?: Record<string, string[]> };

type Handler<S extends z.ZodType, T> = (input: z.infer<S>) => Promise<ActionResult<T>>;
type UserHandler<S extends z.ZodType, T> = (
  input: z.infer<S>,
  user: AuthenticatedUser,
) => Promise<ActionResult<T>>;

/** For actions anyone may call (registration). */
export function validatedAction<S extends z.ZodType, T>(schema: S, handler: Handler<S, T>) {
  return async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    const parsed = parseForm(schema, formData);
    return parsed.ok ? handler(parsed.data) : parsed;
  };
}

/** For actions of a signed-in user; with `role: "ADMIN"` only admins get past it. */
export function validatedActionWithUser<S extends z.ZodType, T>(
  schema: S,
  handler: UserHandler<S, T>,
  options: { role?: "ADMIN" } = {},
) {
  return async (_previous: ActionResult<T> | null, formData: FormData): Promise<ActionResult<T>> => {
    const user = await getSessionUser();
    if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
    if (options.role && user.role !== options.role)
      return { ok: false, message: "You are not allowed to do this." };
    const parsed = parseForm(schema, formData);
    return parsed.ok ? handler(parsed.data, user) : parsed;
  };
}

function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): { ok: true; data: z.infer<S> } | { ok: false; message: string; errors: Record<string, string[]> } {
  // React adds its own `$ACTION_…` fields to progressively enhanced forms; they are not input.
  const fields = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$ACTION")));
  const result = schema.safeParse(fields);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    (errors[key] ??= []).push(issue.message);
  }
  return { ok: false, message: "Please correct the highlighted fields.", errors };
}

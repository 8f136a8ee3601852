import type { z } from "zod";
import { getSessionUser } from "@/lib/auth/session";
import type { AuthenticatedUser } from "@/lib/auth/credentials";
import { requestLocale } from "@/lib/i18n/request-locale";
import { translatorFor, type Translator } from "@/lib/i18n/translator";

// Every server action goes through one of these wrappers: session → role → zod (.strict()) →
// handler → a typed result the form can render. Server actions are public HTTP endpoints, so the
// checks live here, inside the action, not in the page that shows the form. Messages are rendered
// here in the reader's language; schemas name their messages by catalog key ("common.validation.email").

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
    const parsed = parseForm(schema, formData, translatorFor(await requestLocale()));
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
    const t = translatorFor(await requestLocale());
    const user = await getSessionUser();
    if (!user) return { ok: false, message: t("common.actions.sessionEnded") };
    if (options.role && user.role !== options.role)
      return { ok: false, message: t("common.actions.notAllowed") };
    const parsed = parseForm(schema, formData, t);
    return parsed.ok ? handler(parsed.data, user) : parsed;
  };
}

function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  t: Translator,
): { ok: true; data: z.infer<S> } | { ok: false; message: string; errors: Record<string, string[]> } {
  // React adds its own `$ACTION_…` fields to progressively enhanced forms; they are not input.
  const fields = Object.fromEntries([...formData.entries()].filter(([key]) => !key.startsWith("$ACTION")));
  const result = schema.safeParse(fields);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    (errors[key] ??= []).push(issueMessage(issue, t));
  }
  return { ok: false, message: t("common.actions.correctFields"), errors };
}

/**
 * A field error in words: the schema's own message when it names a catalog key, else a generic
 * one for the kind of problem zod found. The bounds of too_small / too_big become {min} / {max}.
 */
export function issueMessage(issue: z.core.$ZodIssue, t: Translator): string {
  const bounds = {
    min: Number("minimum" in issue ? issue.minimum : 0),
    max: Number("maximum" in issue ? issue.maximum : 0),
  };
  type Key = Parameters<Translator>[0];
  if (t.has(issue.message as Key)) return t(issue.message as Key, bounds as never);
  switch (issue.code) {
    case "too_small":
      return issue.origin === "string"
        ? t("common.validation.tooShort", bounds)
        : t("common.validation.atLeast", bounds);
    case "too_big":
      return issue.origin === "string"
        ? t("common.validation.tooLong", bounds)
        : t("common.validation.atMost", bounds);
    case "invalid_value":
      return t("common.validation.choose");
    case "invalid_format":
      return issue.format === "email" ? t("common.validation.email") : t("common.validation.invalid");
    case "custom":
    case "invalid_element":
    case "invalid_key":
    case "invalid_type":
    case "invalid_union":
    case "not_multiple_of":
    case "unrecognized_keys":
      return t("common.validation.invalid");
  }
}

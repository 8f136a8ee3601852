"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { registerAction } from "./actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { safeCallbackPath } from "@/lib/safe-redirect";

export function RegisterForm({
  passwordMinLength,
  intent,
}: {
  passwordMinLength: number;
  /** The plan chosen on /pricing, sent back with the form so the action can lead to it. */
  intent: { plan: string; months: string; currency?: string } | null;
}) {
  const t = useTranslations("auth.register");
  const [state, formAction, pending] = useActionState(registerAction, null);
  // Controlled, so a rejected submission keeps what was typed (React resets uncontrolled forms).
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setValues({ ...values, [name]: event.target.value }),
  });

  // Once the account exists, sign in with the same credentials and go where the action says: the
  // plans page with the chosen plan, or the dashboard (never off the site, whatever it says).
  useEffect(() => {
    if (!state?.ok) return;
    const next = safeCallbackPath(state.data.next);
    // next-auth's client is loaded when it is needed, not with the page (components/auth/login-form.tsx).
    void import("next-auth/react")
      .then(({ signIn }) =>
        signIn("credentials", { email: state.data.email, password: values.password, redirect: false }),
      )
      .then((result) =>
        window.location.assign(
          result?.ok ? next : `/login?${new URLSearchParams({ callbackUrl: next }).toString()}`,
        ),
      );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once per successful submission
  }, [state]);

  const errors = state && !state.ok ? state.errors : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage message={state && !state.ok ? state.message : null} />
      {intent ? (
        <>
          <input type="hidden" name="plan" value={intent.plan} />
          <input type="hidden" name="months" value={intent.months} />
          {intent.currency ? <input type="hidden" name="currency" value={intent.currency} /> : null}
        </>
      ) : null}
      <Field label={t("name")} autoComplete="name" errors={errors?.name} {...bind("name")} />
      <Field
        label={t("email")}
        type="email"
        autoComplete="email"
        required
        errors={errors?.email}
        {...bind("email")}
      />
      <Field
        label={t("password", { min: passwordMinLength })}
        type="password"
        autoComplete="new-password"
        required
        errors={errors?.password}
        {...bind("password")}
      />
      <Button type="submit" disabled={pending || state?.ok} className="w-full">
        {pending || state?.ok ? t("pending") : t("submit")}
      </Button>
    </form>
  );
}

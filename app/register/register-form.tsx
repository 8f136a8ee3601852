"use client";

import { signIn } from "next-auth/react";
import { useActionState, useEffect, useState } from "react";
import { registerAction } from "./actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

export function RegisterForm() {
  const [state, formAction, pending] = useActionState(registerAction, null);
  // Controlled, so a rejected submission keeps what was typed (React resets uncontrolled forms).
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const bind = (name: keyof typeof values) => ({
    name,
    value: values[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setValues({ ...values, [name]: event.target.value }),
  });

  // Once the account exists, sign in with the same credentials and go to the dashboard.
  useEffect(() => {
    if (!state?.ok) return;
    void signIn("credentials", { email: state.data.email, password: values.password, redirect: false }).then(
      (result) => window.location.assign(result?.ok ? "/dashboard" : "/login"),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- run once per successful submission
  }, [state]);

  const errors = state && !state.ok ? state.errors : undefined;
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormMessage message={state && !state.ok ? state.message : null} />
      <Field label="Name (optional)" autoComplete="name" errors={errors?.name} {...bind("name")} />
      <Field
        label="Email"
        type="email"
        autoComplete="email"
        required
        errors={errors?.email}
        {...bind("email")}
      />
      <Field
        label="Password (at least 8 characters)"
        type="password"
        autoComplete="new-password"
        required
        errors={errors?.password}
        {...bind("password")}
      />
      <Button type="submit" disabled={pending || state?.ok} className="w-full">
        {pending || state?.ok ? "Creating your account…" : "Create account"}
      </Button>
    </form>
  );
}

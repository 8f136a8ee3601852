"use client";

import { signIn } from "next-auth/react";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";

// next-auth reports a wrong email or password as "CredentialsSignin"; the message deliberately
// doesn't say which of the two was wrong. "TooManyAttempts" comes from lib/auth/throttle.ts.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Invalid email or password.",
  TooManyAttempts: "Too many failed attempts. Wait a few minutes, then try again.",
};

export function LoginForm({ callbackPath }: { callbackPath: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Sign-in works only through the script: until it runs, the button stays disabled, so a quick
  // click can never submit the form natively (which would put the password in the URL).
  const ready = useSyncExternalStore(
    noSubscription,
    () => true, // in the browser, once hydrated
    () => false, // in the server's HTML
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      // A full navigation: a client-side push may replay a cached pre-login redirect.
      window.location.assign(callbackPath);
      return;
    }
    setPending(false);
    setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Try again in a moment.");
  }

  return (
    <form method="post" onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      <FormMessage message={error} />
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={pending || !ready} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

const noSubscription = () => () => undefined;

"use client";

import { useState, useSyncExternalStore, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { retryAfterOfCode, TOO_MANY_REQUESTS } from "@/lib/auth/too-many-requests";

// next-auth reports a wrong email or password as "CredentialsSignin"; the message deliberately
// doesn't say which of the two was wrong. "TooManyAttempts" comes from lib/auth/throttle.ts
// (thrown by lib/auth/credentials.ts); "TooManyRequests:<seconds>" (lib/auth/too-many-requests.ts)
// when the client's address is over its limit. "SessionRequired": a page needed a session. Any
// other code gets the generic message.
const KNOWN_ERRORS = ["CredentialsSignin", "TooManyAttempts", "TooManyRequests", "SessionRequired"] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];
const isKnown = (code: string): code is KnownError => (KNOWN_ERRORS as readonly string[]).includes(code);

/** The form's words, from the page (auth.login): no translation library on the sign-in page. */
export interface LoginLabels {
  email: string;
  password: string;
  submit: string;
  pending: string;
  /** TooManyRequests holds "{minutes}", replaced by the wait. */
  errors: Record<KnownError | "failed", string>;
}

export function LoginForm({
  callbackPath,
  initialError = null,
  labels,
}: {
  callbackPath: string;
  labels: LoginLabels;
  /** next-auth's error code from the page's query (?error=CredentialsSignin), if any. */
  initialError?: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError);
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
    // next-auth's client is loaded on the first submit, not with the page: the sign-in page is the
    // first a visitor loads, and its script weight counts (docs/benchmarks.md, pages).
    const { signIn } = await import("next-auth/react");
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
    setError(result?.error ?? "failed");
  }

  const message = error === null ? null : errorMessage(error, labels.errors);
  return (
    <form method="post" onSubmit={(event) => void onSubmit(event)} className="space-y-4" noValidate>
      <FormMessage message={message} />
      <Field label={labels.email} name="email" type="email" autoComplete="email" required />
      <Field
        label={labels.password}
        name="password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" disabled={pending || !ready} className="w-full">
        {pending ? labels.pending : labels.submit}
      </Button>
    </form>
  );
}

const noSubscription = () => () => undefined;

function errorMessage(code: string, messages: LoginLabels["errors"]): string {
  const retryAfter = retryAfterOfCode(code);
  if (retryAfter !== null) {
    return messages[TOO_MANY_REQUESTS].replace("{minutes}", String(Math.max(1, Math.ceil(retryAfter / 60))));
  }
  return messages[isKnown(code) && code !== TOO_MANY_REQUESTS ? code : "failed"];
}

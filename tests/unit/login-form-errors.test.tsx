import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoginForm, type LoginLabels } from "@/components/auth/login-form";
import { retryAfterOfCode, tooManyRequestsCode } from "@/lib/auth/too-many-requests";
import { CATALOGS } from "@/lib/i18n/messages";

// The sign-in form's message for each error code next-auth hands it; an address over its limit
// (lib/auth/address-limits.ts) is told how many minutes to wait, from the seconds in the code.

function labels(locale: "en" | "ru"): LoginLabels {
  const login = CATALOGS[locale].auth.login;
  return {
    email: login.email,
    password: login.password,
    submit: login.submit,
    pending: login.pending,
    errors: { ...login.errors },
  };
}

function shown(error: string, locale: "en" | "ru" = "en"): string {
  return renderToString(<LoginForm callbackPath="/dashboard" initialError={error} labels={labels(locale)} />)
    .replaceAll("<!-- -->", "")
    .replace(/<[^>]+>/g, " ");
}

describe("the sign-in form's errors", () => {
  it("says how many minutes an address over its limit waits, rounded up", () => {
    expect(shown(tooManyRequestsCode(125))).toContain(
      "Too many failed sign-ins from your network. Try again in 3 min.",
    );
    expect(shown(tooManyRequestsCode(4))).toContain("Try again in 1 min.");
    expect(shown(tooManyRequestsCode(3600), "ru")).toContain("Повторите через 60 мин.");
  });

  it("keeps the other codes, and answers anything else generically", () => {
    expect(shown("CredentialsSignin")).toContain("Invalid email or password.");
    expect(shown("TooManyAttempts")).toContain("Too many failed attempts.");
    for (const odd of ["TooManyRequests", "TooManyRequests:", "TooManyRequests:1e9", "Whatever"]) {
      expect(shown(odd)).toContain("Sign-in failed. Try again in a moment.");
    }
  });

  it("reads only its own codes' seconds", () => {
    expect(retryAfterOfCode("TooManyRequests:42")).toBe(42);
    expect(retryAfterOfCode(tooManyRequestsCode(0.2))).toBe(1);
    expect(retryAfterOfCode("TooManyAttempts")).toBeNull();
    expect(retryAfterOfCode(null)).toBeNull();
  });
});

// The sign-in error code for a client address over its limit (lib/auth/address-limits.ts), as
// next-auth hands it to the form: next-auth's client returns only the `error` of the answer's URL,
// not its status or headers, so the wait travels in the code itself: "TooManyRequests:<seconds>".
// Plain functions, no imports: the sign-in form (a client component) reads it too.

export const TOO_MANY_REQUESTS = "TooManyRequests";

export function tooManyRequestsCode(retryAfterSeconds: number): string {
  return `${TOO_MANY_REQUESTS}:${Math.max(1, Math.ceil(retryAfterSeconds))}`;
}

/** The seconds of a TooManyRequests code, or null for any other code. */
export function retryAfterOfCode(code: string | null | undefined): number | null {
  const match = /^TooManyRequests:(\d{1,7})$/.exec(code ?? "");
  return match ? Number(match[1]) : null;
}

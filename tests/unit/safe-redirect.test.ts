import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeCallbackUrl } from "@/lib/safe-redirect";

describe("sign-in callback path", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackPath("/dashboard/payments?page=2")).toBe("/dashboard/payments?page=2");
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "/\t/evil.example",
    "/\n/evil.example",
    "\\/evil.example",
    "",
    undefined,
  ])("falls back to the dashboard for %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/dashboard");
  });
});

// next-auth's callback URL: the same path rules, on an absolute URL of our origin. The hostile
// table is in auth-redirect.test.ts, through the next-auth callback that uses this.
describe("next-auth callback URL", () => {
  const base = "https://billing.example.com";

  it("reduces a URL on our origin to its path and applies the path rules to it", () => {
    expect(safeCallbackUrl(`${base}/dashboard/plans?months=12`, base)).toBe(
      `${base}/dashboard/plans?months=12`,
    );
    expect(safeCallbackUrl(`${base}//evil.example`, base)).toBe(`${base}/dashboard`);
  });

  it.each([undefined, null, 42, ["/dashboard/plans"]])(
    "falls back for a %j that is not a string",
    (value) => {
      expect(safeCallbackUrl(value, base)).toBe(`${base}/dashboard`);
    },
  );

  it("uses only the origin of the base and never throws on a strange one", () => {
    expect(safeCallbackUrl("/dashboard/plans", `${base}/api/auth`)).toBe(`${base}/dashboard/plans`);
    expect(() => safeCallbackUrl("/dashboard", "not a url")).not.toThrow();
  });
});

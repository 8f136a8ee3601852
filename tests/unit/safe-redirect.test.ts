import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/safe-redirect";

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

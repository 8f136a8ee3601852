import { describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";

// next-auth's `redirect` callback decides where the browser goes after sign-in and sign-out, from
// a callbackUrl that anyone can put in a link, a form or a cookie. Its default throws on a
// malformed value (a 500); ours must never throw, keep our own paths, and send the rest home.

const BASE = "http://localhost:3000";
const DASHBOARD = `${BASE}/dashboard`;
const redirect = async (url: string, baseUrl = BASE) => authOptions.callbacks!.redirect!({ url, baseUrl });

describe("the sign-in redirect callback", () => {
  it.each([
    // Look-alike hosts and other origins.
    "https://localhost.evil.com/",
    "http://localhost:3000.evil.com", // malformed: "3000.evil.com" is no port
    "http://localhost:3000.evil.com/dashboard",
    "https://localhost:3000/dashboard", // another scheme is another origin
    "http://localhost:3001/dashboard",
    "http://127.0.0.1:3000/dashboard",
    "http:evil.com",
    "http:/evil.com",
    // Userinfo and delimiter tricks: the host is the part after the last "@" before the path.
    "http://localhost:3000@evil.com",
    "http://localhost:3000:secret@evil.com/dashboard",
    "http://evil.com\\@localhost:3000",
    "http://evil.com#@localhost:3000",
    "http://evil.com?@localhost:3000",
    // Protocol-relative and backslashes (a browser reads "\" as "/").
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "\\/evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    `${BASE}//evil.com`,
    `${BASE}/\\evil.com`,
    // Other schemes.
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "localhost:3000/dashboard",
    // Malformed, or nothing at all.
    "http://[::1",
    "http://",
    "http://%",
    "",
    " ",
    "dashboard",
  ])("sends %j to the dashboard", async (url) => {
    await expect(redirect(url)).resolves.toBe(DASHBOARD);
  });

  it.each([
    ["/dashboard/payments?page=2#latest", `${BASE}/dashboard/payments?page=2#latest`],
    ["/login", `${BASE}/login`],
    [`${BASE}/admin/payments`, `${BASE}/admin/payments`],
    ["HTTP://LOCALHOST:3000/admin", `${BASE}/admin`],
    ["http://someone:secret@localhost:3000/admin", `${BASE}/admin`],
    [BASE, `${BASE}/`],
  ])("keeps %j on our origin", async (url, expected) => {
    await expect(redirect(url)).resolves.toBe(expected);
  });

  it("takes the origin from next-auth's baseUrl", async () => {
    await expect(
      redirect("https://billing.example.com/dashboard/plans", "https://billing.example.com"),
    ).resolves.toBe("https://billing.example.com/dashboard/plans");
    await expect(redirect(`${BASE}/dashboard/plans`, "https://billing.example.com")).resolves.toBe(
      "https://billing.example.com/dashboard",
    );
  });
});

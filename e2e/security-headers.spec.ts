import { expect, test } from "./support/csp";

// The headers of issue 17 as the production server sends them, and the proof that the CSP check
// of every test (e2e/support/csp.ts) sees a refusal when there is one.

const FIXED = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
};

test("a page answers with a nonce policy, the fixed headers, and no HSTS over http", async ({ request }) => {
  const response = await request.get("/pricing");
  const headers = response.headers();
  expect(headers).toMatchObject(FIXED);
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["strict-transport-security"]).toBeUndefined();
  const policy = headers["content-security-policy"]!;
  expect(policy).toContain("frame-ancestors 'none'");
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce).toBeTruthy();

  // Next put the nonce on each of its scripts, inline and not.
  const html = await response.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);

  const again = await request.get("/pricing");
  expect(again.headers()["content-security-policy"]).not.toBe(policy);
});

test("build files and API answers carry the fixed headers too", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const script = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  // The Brotli copy answered by the server script itself, and Next's own gzip answer.
  for (const encoding of ["br", "gzip"]) {
    const response = await request.get(script!, { headers: { "accept-encoding": encoding } });
    expect(response.status()).toBe(200);
    expect(response.headers()).toMatchObject(FIXED);
  }
  const health = await request.get("/api/health");
  expect(health.headers()).toMatchObject(FIXED);
});

test("a script without the page's nonce is refused, and the check of every test sees it", async ({
  page,
  cspViolations,
}) => {
  // An injected script, as a stored XSS would put it into the page's HTML.
  await page.route("**/pricing", async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace("</body>", "<script>window.injected = true</script></body>");
    await route.fulfill({ response, body });
  });
  await page.goto("/pricing");
  await expect.poll(() => cspViolations.some((line) => line.includes("script-src"))).toBe(true);
  expect(await page.evaluate(() => "injected" in window)).toBe(false);
  // Provoked on purpose: not a failure of this test.
  cspViolations.splice(0);
});

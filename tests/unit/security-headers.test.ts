import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { NextFetchEvent } from "next/dist/server/web/spec-extension/fetch-event";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { servePrecompressedStatic } from "@/lib/http/precompressed-static";
import {
  contentSecurityPolicy,
  createNonce,
  FIXED_SECURITY_HEADERS,
  formTargets,
  strictTransportSecurity,
} from "@/lib/http/security-headers";
import proxy from "@/proxy";

const base = { nonce: "bm9uY2U=", dev: false, https: false, formTargets: [] };

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split("; ").map((directive) => {
      const [name, ...sources] = directive.split(" ");
      return [name!, sources.join(" ")];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  it("lets only scripts carrying the nonce run, and whatever they load", () => {
    const script = directives(contentSecurityPolicy(base)).get("script-src");
    expect(script).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  });

  it("refuses framing, plugins, other base URLs and connections elsewhere", () => {
    const policy = directives(contentSecurityPolicy(base));
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("connect-src")).toBe("'self'");
    expect(policy.get("default-src")).toBe("'self'");
  });

  it("allows eval in development only, where React rebuilds server stacks with it", () => {
    expect(contentSecurityPolicy(base)).not.toContain("unsafe-eval");
    expect(directives(contentSecurityPolicy({ ...base, dev: true })).get("script-src")).toContain(
      "'unsafe-eval'",
    );
  });

  it("upgrades insecure requests only when the app is served over https", () => {
    expect(directives(contentSecurityPolicy(base)).has("upgrade-insecure-requests")).toBe(false);
    expect(directives(contentSecurityPolicy({ ...base, https: true })).has("upgrade-insecure-requests")).toBe(
      true,
    );
  });

  it("lets forms end on the app and on the payment pages it sends buyers to", () => {
    const policy = contentSecurityPolicy({ ...base, formTargets: ["https://checkout.stripe.com"] });
    expect(directives(policy).get("form-action")).toBe("'self' https://checkout.stripe.com");
  });
});

describe("formTargets", () => {
  it("lists the real providers' payment pages and Telegram", () => {
    expect(formTargets({})).toEqual(
      expect.arrayContaining([
        "https://checkout.stripe.com",
        "https://yoomoney.ru",
        "https://pay.cryptocloud.plus",
        "https://t.me",
      ]),
    );
  });

  it("adds an emulator's origin, where its payment page lives, but not a real API's", () => {
    const targets = formTargets({
      STRIPE_API_BASE: "http://127.0.0.1:4100",
      YOOKASSA_API_BASE: "https://api.yookassa.ru/v3",
      TELEGRAM_DEEP_LINK_BASE: "http://127.0.0.1:4200/t",
      CRYPTOCLOUD_API_BASE: "not a url",
    });
    expect(targets).toContain("http://127.0.0.1:4100");
    expect(targets).toContain("http://127.0.0.1:4200");
    expect(targets).not.toContain("https://api.yookassa.ru");
  });
});

describe("strictTransportSecurity", () => {
  it("is sent only when APP_URL is https", () => {
    expect(strictTransportSecurity("https://billing.example.com")).toBe(
      "max-age=63072000; includeSubDomains",
    );
    expect(strictTransportSecurity("http://localhost:3000")).toBeUndefined();
    expect(strictTransportSecurity(undefined)).toBeUndefined();
    expect(strictTransportSecurity("not a url")).toBeUndefined();
  });
});

describe("createNonce", () => {
  it("is 128 random bits in base64, new each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("proxy", () => {
  afterEach(() => vi.unstubAllEnvs());

  async function run(url: string) {
    const request = new NextRequest(url);
    return proxy(request, new NextFetchEvent({ request, page: new URL(url).pathname, context: undefined }));
  }
  // Next reads the request headers a proxy sets from these response headers.
  const forwardedPolicy = (response: Response) =>
    response.headers.get("x-middleware-request-content-security-policy");

  it("gives a page a policy with a fresh nonce, on the response and on the request Next renders", async () => {
    const first = await run("http://localhost:3000/pricing");
    const second = await run("http://localhost:3000/pricing");
    const policy = first.headers.get("content-security-policy")!;
    expect(policy).toMatch(/'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(forwardedPolicy(first)).toBe(policy);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
  });

  it("sends HSTS only when APP_URL is https", async () => {
    vi.stubEnv("APP_URL", "http://localhost:3000");
    expect((await run("http://localhost:3000/")).headers.has("strict-transport-security")).toBe(false);
    vi.stubEnv("APP_URL", "https://billing.example.com");
    const secure = await run("https://billing.example.com/");
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(secure.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("still sends a signed-out visitor of the dashboard to the sign-in page", async () => {
    vi.stubEnv("AUTH_SECRET", "a-test-secret-a-test-secret-0123456789");
    const response = await run("http://localhost:3000/dashboard/plans");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      "http://localhost:3000/login?callbackUrl=%2Fdashboard%2Fplans",
    );
  });

  it("still answers a purchase page with a bad bot link with the invalid-link page, under the policy", async () => {
    vi.stubEnv("TELEGRAM_LINK_SECRET", "a-secret-of-sixteen-chars");
    const response = await run("http://localhost:3000/pay/telegram-course?tg_id=1&sig=forged");
    expect(response.status).toBe(400);
    expect(response.headers.get("x-middleware-rewrite")).toMatch(/\/pay-link-invalid\?reason=/);
    expect(forwardedPolicy(response)).toBe(response.headers.get("content-security-policy"));
  });
});

describe("servePrecompressedStatic", () => {
  it("sends the fixed security headers with the Brotli copy it answers itself", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "static-"));
    await mkdir(path.join(dir, "chunks"));
    await writeFile(path.join(dir, "chunks", "a.js.br"), "compressed");
    const server = http.createServer((request, response) => {
      void servePrecompressedStatic(request, response, dir).then((served) => {
        if (!served) response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/_next/static/chunks/a.js`, {
        headers: { "accept-encoding": "br" },
        method: "HEAD",
      });
      expect(response.status).toBe(200);
      for (const { key, value } of FIXED_SECURITY_HEADERS) expect(response.headers.get(key)).toBe(value);
    } finally {
      server.close();
    }
  });
});

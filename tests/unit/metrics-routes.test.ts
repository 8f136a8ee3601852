import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadRouteTable, methodLabel, routeLabel, statusLabel } from "@/lib/metrics/routes";

// The `route` label of HTTP metrics: a route's pattern, never the path, so ids and tokens in URLs
// cannot grow the number of series.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "route-table-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function file(relative: string) {
  const full = path.join(root, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, "");
}

for (const relative of [
  "app/page.tsx",
  "app/layout.tsx",
  "app/favicon.ico",
  "app/icon.svg",
  "app/admin/(home)/page.tsx",
  "app/admin/payments/(list)/page.tsx",
  "app/admin/payments/[id]/page.tsx",
  "app/admin/payments/export/route.ts",
  "app/api/auth/[...nextauth]/route.ts",
  "app/api/webhook/payment/route.ts",
  "app/dashboard/receipts/[orderId]/page.tsx",
  "app/dashboard/receipts/[orderId]/pdf/route.ts",
  "app/pay/[product]/page.tsx",
  "app/pay/topup/page.tsx",
  "app/docs/[[...slug]]/page.tsx",
  "app/_components/button/page.tsx",
  "app/dashboard/@modal/(.)photo/[id]/page.tsx",
  "app/admin/payments/components/table.tsx",
  "public/manifest.webmanifest",
  "public/fonts/noto.woff2",
]) {
  file(relative);
}
const table = loadRouteTable(path.join(root, "app"), path.join(root, "public"));

describe("the route label of a request", () => {
  it("is the pattern of the route the path matched, ids and tokens included", () => {
    expect(routeLabel("/", table)).toBe("/");
    expect(routeLabel("/admin", table)).toBe("/admin");
    expect(routeLabel("/admin/payments?status=failed&page=3", table)).toBe("/admin/payments");
    expect(routeLabel("/admin/payments/pay_01HZX3/", table)).toBe("/admin/payments/[id]");
    expect(routeLabel("/dashboard/receipts/ord_7f3a9c/pdf", table)).toBe("/dashboard/receipts/[orderId]/pdf");
    expect(routeLabel("/api/auth/callback/credentials", table)).toBe("/api/auth/[...nextauth]");
    expect(routeLabel("/docs", table)).toBe("/docs/[[...slug]]");
    expect(routeLabel("/docs/a/b/c", table)).toBe("/docs/[[...slug]]");
  });

  it("prefers a static segment over a dynamic one", () => {
    expect(routeLabel("/pay/topup", table)).toBe("/pay/topup");
    expect(routeLabel("/pay/course", table)).toBe("/pay/[product]");
    expect(routeLabel("/admin/payments/export", table)).toBe("/admin/payments/export");
  });

  it("gives the build's assets one label each, and public and metadata files their own name", () => {
    expect(routeLabel("/_next/static/chunks/app-7d1c2f.js", table)).toBe("/_next/static/[...]");
    expect(routeLabel("/_next/static/css/9a8b.css", table)).toBe("/_next/static/[...]");
    expect(routeLabel("/_next/image?url=%2Fx.png&w=64", table)).toBe("/_next/[...]");
    expect(routeLabel("/manifest.webmanifest", table)).toBe("/manifest.webmanifest");
    expect(routeLabel("/fonts/noto.woff2", table)).toBe("/fonts/noto.woff2");
    expect(routeLabel("/favicon.ico", table)).toBe("/favicon.ico");
    expect(routeLabel("/icon.svg?3c1a", table)).toBe("/icon.svg");
  });

  it("is 'other' for anything the app does not serve", () => {
    for (const probe of [
      "/wp-login.php",
      "/admin/payments/pay_1/extra/segments",
      "/pay",
      "/_components/button",
      "/photo/1",
      "/dashboard/receipts",
      "/.env",
    ]) {
      expect(routeLabel(probe, table), probe).toBe("other");
    }
  });

  it("reads the real app's routes", () => {
    const real = loadRouteTable(path.resolve("app"), path.resolve("public"));
    expect(routeLabel("/api/webhook/payment", real)).toBe("/api/webhook/payment");
    expect(routeLabel("/api/metrics", real)).toBe("/api/metrics");
    expect(routeLabel("/admin/payments/pay_123", real)).toBe("/admin/payments/[id]");
    expect(routeLabel("/api/v1/operations/op_9/refund", real)).toBe("/api/v1/operations/[id]/refund");
    expect(routeLabel("/dashboard", real)).toBe("/dashboard");
    expect(routeLabel("/nothing/here", real)).toBe("other");
  });
});

describe("the method and status labels", () => {
  it("keep the standard methods and group anything else", () => {
    expect(methodLabel("GET")).toBe("GET");
    expect(methodLabel("PROPFIND")).toBe("other");
    expect(methodLabel(undefined)).toBe("other");
  });

  it("are status classes", () => {
    expect(statusLabel(200)).toBe("2xx");
    expect(statusLabel(304)).toBe("3xx");
    expect(statusLabel(429)).toBe("4xx");
    expect(statusLabel(503)).toBe("5xx");
    expect(statusLabel(0)).toBe("other");
  });
});

// `npm run screenshots`: remakes the README's screenshots (docs/screenshots/*.png) from the
// production build with the demo data, in Chromium at 1280 × 800: the customer's dashboard and
// the admin's payments table. Builds first when the sources changed since the last build.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "@playwright/test";
import { ensureProductionBuild, startAppServer } from "../bench/harness/server";
import { DEMO_CUSTOMER, DEV_ADMIN_PASSWORD } from "../lib/seed";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "docs", "screenshots");
const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@example.com", password: DEV_ADMIN_PASSWORD };

async function signIn(page: Page, base: string, account: { email: string; password: string }) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/);
}

await ensureProductionBuild(ROOT, "auto");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "screenshots-"));
fs.chmodSync(tmp, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its directory
// A fresh embedded database with the demo data (scripts/serve.ts seeds it), never the developer's.
const server = await startAppServer({
  root: ROOT,
  env: { DATA_DIR: path.join(tmp, "data"), AUTH_SECRET: randomBytes(32).toString("base64url") },
  logFile: path.join(tmp, "server.log"),
  startTimeoutMs: 180_000,
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  fs.mkdirSync(OUT, { recursive: true });

  await signIn(page, server.url, DEMO_CUSTOMER);
  await page.goto(`${server.url}/dashboard`);
  await page.screenshot({ path: path.join(OUT, "dashboard.png") });

  await signIn(page, server.url, ADMIN);
  await page.goto(`${server.url}/admin/payments`);
  await page.getByRole("table").waitFor();
  await page.screenshot({ path: path.join(OUT, "admin-payments.png") });
  console.log(`wrote ${path.relative(ROOT, OUT)}/dashboard.png and admin-payments.png`);
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

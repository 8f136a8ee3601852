import { defineConfig, devices } from "@playwright/test";
import { AUTH_SECRET } from "./e2e/helpers";
import { INVITE_LINK, LINK_SECRET } from "./e2e/sandbox";

// End-to-end tests drive Debian's Chromium (Playwright's own browser download is not available
// everywhere) against the production build, started exactly as `npm start` starts it, on its own
// embedded PostgreSQL under .data/e2e (scripts/test-e2e.sh wipes it before each run).

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  // A flow (buy, then sign in as the admin and try three actions) takes 15-25 s on an idle 2-core
  // machine and twice that when it is shared; each step still fails after expect's 10 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"] }, testIgnore: /phone\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"] }, testMatch: /phone\.spec\.ts/ },
  ],
  webServer: {
    command: "node_modules/.bin/tsx scripts/serve.ts start",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      ...(process.env as Record<string, string>),
      PORT: String(PORT),
      APP_URL: baseURL,
      DATA_DIR: ".data/e2e",
      DATABASE_URL: "",
      AUTH_SECRET,
      // Known to the tests, so they can sign bot links as the bot would (e2e/product.spec.ts).
      TELEGRAM_LINK_SECRET: LINK_SECRET,
      PAID_CHANNEL_LINK: INVITE_LINK,
      // Every test registers and signs in from this machine: the per-address limits would refuse
      // the suite after a few accounts (tests/integration/abuse-limits.test.ts tests them).
      ABUSE_LIMITS_EXEMPT: "127.0.0.1,::1",
    },
  },
});
